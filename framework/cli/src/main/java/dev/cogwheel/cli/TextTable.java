package dev.cogwheel.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: a header row, then rows, columns padded to their widest cell. */
final class TextTable {

  private static final String GAP = "  ";

  private final List<String> headers;
  private final boolean[] right;
  private final List<List<String>> rows = new ArrayList<>();

  private TextTable(List<String> headers) {
    this.headers = headers;
    this.right = new boolean[headers.size()];
  }

  static TextTable of(String... headers) {
    return new TextTable(List.of(headers));
  }

  /** Aligns the given columns (0-based) to the right, as numbers read best. */
  TextTable alignRight(int... columns) {
    for (int column : columns) {
      right[column] = true;
    }
    return this;
  }

  TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + Arrays.toString(cells));
    }
    rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out) {
    print(out, "");
  }

  /** Prints the table with every line indented, as under a heading. */
  void print(PrintWriter out, String indent) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    printRow(out, indent, headers, widths);
    for (List<String> row : rows) {
      printRow(out, indent, row, widths);
    }
  }

  private void printRow(PrintWriter out, String indent, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      if (c > 0) {
        line.append(GAP);
      }
      line.append(right[c] ? padding + cell : cell + padding);
    }
    out.println(line.toString().stripTrailing());
  }
}
