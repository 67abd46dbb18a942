package dev.cogwheel.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cogwheel.testing.postgres.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown of docs/benchmarks.md: every ratio of a candidate to
 * the baseline measured in the same run, against its target, and the raw scores. Nothing in the
 * report is typed by hand.
 *
 * <pre>
 * java -cp benchmarks.jar dev.cogwheel.benchmarks.BenchmarkReport RESULTS.json
 *     [--command "how the run was started"] [--update docs/benchmarks.md --section NAME]
 * </pre>
 *
 * <p>With {@code --update}, the text between {@code <!-- BEGIN GENERATED: NAME -->} and
 * {@code <!-- END GENERATED: NAME -->} in the file is replaced (the markers are appended when the file
 * lacks them); the report is printed either way. The database is described by asking the same test
 * fixture the benchmarks used ({@code COGWHEEL_TEST_DATABASE_URL}, else embedded PostgreSQL 17).
 */
public final class BenchmarkReport {

  private static final String PREFIX = "dev.cogwheel.benchmarks.";

  /**
   * A ratio the issue sets a target for.
   *
   * @param title what is compared
   * @param candidate the benchmark whose score is the numerator
   * @param baseline the benchmark whose score is the denominator
   * @param target the least acceptable ratio, or NaN for a ratio reported without a target
   */
  record Comparison(String title, String candidate, String baseline, double target) {}

  static final List<Comparison> COMPARISONS = List.of(
      new Comparison("1. Increments, 64 callers over 1,000 rows: group commit / one UPDATE per increment",
          "IncrementBenchmark.groupCommit", "IncrementBenchmark.updatePerIncrement", 4.0),
      new Comparison("1b. Increments, 64 callers on one row: group commit / one UPDATE per increment",
          "IncrementBenchmark.groupCommitHotKey", "IncrementBenchmark.updatePerIncrementHotKey", Double.NaN),
      new Comparison("2a. Table find by key, 1 caller: SPI / plain JDBC",
          "TableBenchmark.spiFind", "TableBenchmark.jdbcFind", 0.9),
      new Comparison("2b. Table find by key, 4 callers: SPI / plain JDBC",
          "TableBenchmark.spiFind4Threads", "TableBenchmark.jdbcFind4Threads", 0.9),
      new Comparison("2c. Table upsert, 1 caller: SPI / plain JDBC",
          "TableBenchmark.spiUpsert", "TableBenchmark.jdbcUpsert", 0.9),
      new Comparison("2d. Table upsert, 4 callers: SPI / plain JDBC",
          "TableBenchmark.spiUpsert4Threads", "TableBenchmark.jdbcUpsert4Threads", 0.9),
      new Comparison("3. Config get, 1 caller: cached / uncached",
          "ConfigBenchmark.cachedGet", "ConfigBenchmark.uncachedGet", 100.0));

  /**
   * One benchmark's score.
   *
   * @param name the benchmark, without the package
   * @param threads its callers
   * @param score the mean
   * @param error the half-width of the 99.9% confidence interval, NaN if JMH could not compute one
   * @param low the interval's lower end
   * @param high the interval's upper end
   * @param unit the score's unit
   * @param forkMeans the mean of each fork's measured iterations
   * @param runs the forks, warm-up and measurement iterations
   */
  record Score(String name, int threads, double score, double error, double low, double high, String unit,
      List<Double> forkMeans, String runs) {}

  private BenchmarkReport() {}

  /**
   * Prints the report, and updates a section of a file if asked.
   *
   * @param args see the class comment
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path results = null;
    Path update = null;
    String section = null;
    String command = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--update" -> update = Path.of(args[++i]);
        case "--section" -> section = args[++i];
        case "--command" -> command = args[++i];
        default -> {
          if (results != null) {
            usage("unexpected argument " + args[i]);
          }
          results = Path.of(args[i]);
        }
      }
    }
    if (results == null) {
      usage("the JMH JSON result file is required");
    }
    if (update != null && section == null) {
      usage("--update needs --section NAME");
    }
    JsonNode root = new ObjectMapper().readTree(results.toFile());
    // The server described is one this process starts as the forks started theirs: with the
    // fixture's durable setting when the forks had it.
    String durable = "-D" + TestPostgres.DURABLE_PROPERTY + "=true";
    for (JsonNode run : root) {
      for (JsonNode arg : run.path("jvmArgs")) {
        if (arg.asText().equals(durable)) {
          System.setProperty(TestPostgres.DURABLE_PROPERTY, "true");
        }
      }
    }
    String report = render(root, command, describeDatabase(), section);
    System.out.print(report);
    if (update != null) {
      splice(update, section, report);
      System.err.println("Updated section '" + section + "' of " + update);
    }
  }

  private static void usage(String problem) {
    System.err.println("BenchmarkReport: " + problem + "\nusage: BenchmarkReport RESULTS.json"
        + " [--command TEXT] [--update FILE --section NAME]");
    System.exit(2);
  }

  static String render(JsonNode root, String command, String database, String section) {
    Map<String, Score> scores = new LinkedHashMap<>();
    JsonNode first = null;
    for (JsonNode run : root) {
      first = first == null ? run : first;
      String name = run.path("benchmark").asText().replace(PREFIX, "");
      JsonNode metric = run.path("primaryMetric");
      JsonNode confidence = metric.path("scoreConfidence");
      List<Double> forkMeans = new ArrayList<>();
      for (JsonNode fork : metric.path("rawData")) {
        double sum = 0;
        for (JsonNode iteration : fork) {
          sum += iteration.asDouble();
        }
        forkMeans.add(fork.size() == 0 ? Double.NaN : sum / fork.size());
      }
      scores.put(name, new Score(name, run.path("threads").asInt(), metric.path("score").asDouble(),
          number(metric.path("scoreError")), number(confidence.path(0)), number(confidence.path(1)),
          metric.path("scoreUnit").asText(), forkMeans, run.path("forks").asInt() + " × ("
              + run.path("warmupIterations").asInt() + " × " + run.path("warmupTime").asText() + " warm-up, "
              + run.path("measurementIterations").asInt() + " × " + run.path("measurementTime").asText() + ")"));
    }
    StringBuilder out = new StringBuilder();
    out.append("#### Run").append(section == null ? "" : ": " + section).append(" (")
        .append(LocalDate.now(ZoneOffset.UTC)).append(")\n\n");
    if (command != null) {
      out.append("- Command: `").append(command).append("`\n");
    }
    out.append("- Database: ").append(database).append('\n');
    if (first != null) {
      out.append("- JVM: ").append(first.path("vmName").asText()).append(' ').append(first.path("jdkVersion").asText())
          .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, fork args ")
          .append(first.path("jvmArgs")).append('\n');
      out.append("- JMH ").append(first.path("jmhVersion").asText()).append(", throughput mode; the forks and iterations"
          + " of each benchmark are in the last table. ± is JMH's 99.9% confidence half-width over all measured"
          + " iterations of all forks; a ratio's range divides the ends of those intervals.\n");
    }
    out.append('\n');
    out.append("| Comparison | Candidate (ops/s) | Baseline (ops/s) | Ratio | Range | Target | Verdict |\n");
    out.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Comparison c : COMPARISONS) {
      Score a = scores.get(c.candidate());
      Score b = scores.get(c.baseline());
      out.append("| ").append(c.title()).append(" | ");
      if (a == null || b == null) {
        out.append(a == null ? "not run" : withError(a)).append(" | ").append(b == null ? "not run" : withError(b))
            .append(" | – | – | ").append(target(c)).append(" | not measured in this run |\n");
        continue;
      }
      double ratio = a.score() / b.score();
      double low = a.low() / b.high();
      double high = Double.isNaN(b.low()) ? Double.NaN : b.low() > 0 ? a.high() / b.low() : Double.POSITIVE_INFINITY;
      out.append(withError(a)).append(" | ").append(withError(b)).append(" | **").append(ratio(ratio)).append("** | ")
          .append(Double.isNaN(low) ? "–" : ratio(low) + " – " + ratio(high)).append(" | ").append(target(c))
          .append(" | ").append(verdict(c.target(), ratio, low, high)).append(" |\n");
    }
    out.append("\nRaw scores (throughput, all callers together):\n\n");
    out.append("| Benchmark | Callers | Score | ± | Unit | Forks × (iterations) | Each fork's mean |\n"
        + "|---|---:|---:|---:|---|---|---|\n");
    for (Score s : scores.values()) {
      out.append("| ").append(s.name()).append(" | ").append(s.threads()).append(" | ").append(number(s.score()))
          .append(" | ").append(Double.isNaN(s.error()) ? "–" : number(s.error())).append(" | ").append(s.unit())
          .append(" | ").append(s.runs()).append(" | ").append(String.join(", ", s.forkMeans().stream().map(BenchmarkReport::number).toList()))
          .append(" |\n");
    }
    return out.toString();
  }

  static String verdict(double target, double ratio, double low, double high) {
    if (Double.isNaN(target)) {
      return "no target";
    }
    if (Double.isNaN(low) || Double.isNaN(high)) {
      return ratio >= target ? "**met** (no error estimate)" : "**missed** (no error estimate)";
    }
    if (ratio >= target) {
      return low >= target ? "**met**" : "met, but the range reaches below the target";
    }
    return high >= target ? "**missed** (the range reaches the target)" : "**missed**";
  }

  private static String target(Comparison c) {
    return Double.isNaN(c.target()) ? "–" : "≥ " + ratio(c.target());
  }

  private static String withError(Score s) {
    return number(s.score()) + (Double.isNaN(s.error()) ? "" : " ± " + number(s.error()));
  }

  private static double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  static String ratio(double value) {
    if (Double.isInfinite(value)) {
      return "∞";
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f×", value);
    }
    return String.format(Locale.ROOT, "%.2f×", value);
  }

  /** Asks the fixture's server what it is and how it commits. */
  static String describeDatabase() {
    try {
      TestPostgres server = TestPostgres.get();
      try (Connection connection = server.connect(); Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'),"
              + " current_setting('synchronous_commit'), current_setting('fsync'),"
              + " current_setting('shared_buffers')")) {
        rs.next();
        return "PostgreSQL " + rs.getString(1) + " (" + server.source() + "), synchronous_commit="
            + rs.getString(2) + ", fsync=" + rs.getString(3) + ", shared_buffers=" + rs.getString(4)
            + "; same machine as the JVM";
      }
    } catch (Exception e) {
      return "unknown (could not ask the test server: " + e.getMessage() + ")";
    }
  }

  static void splice(Path file, String section, String report) throws IOException {
    String begin = "<!-- BEGIN GENERATED: " + section + " -->";
    String end = "<!-- END GENERATED: " + section + " -->";
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String block = begin + "\n" + report + end;
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    String updated;
    if (from >= 0 && to > from) {
      updated = text.substring(0, from) + block + text.substring(to + end.length());
    } else {
      updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n")
          + block + "\n";
    }
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }
}
