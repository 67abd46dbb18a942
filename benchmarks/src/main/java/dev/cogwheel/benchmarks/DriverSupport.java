package dev.cogwheel.benchmarks;

import dev.cogwheel.runtime.command.CommandResponder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load drivers share: a responder that drops answers, and the generated sections of docs/benchmarks.md. */
final class DriverSupport {

  /** Drops every answer: the drivers check outcomes, not texts. */
  static final CommandResponder DROP = new CommandResponder() {
    @Override
    public void reply(String content, boolean ephemeral) {
    }

    @Override
    public void defer(boolean ephemeral) {
    }

    @Override
    public void followUp(String content) {
    }
  };

  private DriverSupport() {}

  /**
   * Replaces the text between {@code <!-- BEGIN GENERATED: name -->} and its END marker.
   *
   * @param docs the Markdown file
   * @param section the section's name
   * @param report the new text
   * @throws IOException if the file cannot be read or written
   */
  static void updateSection(Path docs, String section, String report) throws IOException {
    String begin = "<!-- BEGIN GENERATED: " + section + " -->";
    String end = "<!-- END GENERATED: " + section + " -->";
    String text = Files.readString(docs);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(docs + " has no " + begin + " ... " + end + " section");
    }
    Files.writeString(docs, text.substring(0, from + begin.length()) + "\n" + report + text.substring(to), StandardCharsets.UTF_8);
  }
}
