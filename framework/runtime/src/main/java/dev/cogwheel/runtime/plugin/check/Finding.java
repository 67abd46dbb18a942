package dev.cogwheel.runtime.plugin.check;

import java.util.Objects;

/**
 * One thing the load-time check refuses in a plugin.
 *
 * @param where the plugin class and member ({@code dev.example.x.Main.start}), or the jar entry, that holds it
 * @param what what it does there ({@code calls java.lang.System.exit}, {@code references java.sql.Connection})
 * @param rule the rule it breaks
 * @param entry the class file or jar entry it was found in ({@code META-INF/versions/17/...}), for the message
 */
public record Finding(String where, String what, Rule rule, String entry) {

  /** Checks the finding. */
  public Finding {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(entry, "entry");
  }

  @Override
  public String toString() {
    return where + " " + what + " [" + rule.title() + "]"
        + (entry.startsWith(PluginClassFiles.VERSIONS) ? " in " + entry : "");
  }
}
