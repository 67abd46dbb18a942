package dev.cogwheel.runtime.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the host runs plugins.
 *
 * @param pluginsDirectory where plugin jars and development directories are
 * @param developmentPlugins further development plugin directories (a module directory or its
 *     {@code target/classes}), loaded as if they were in the plugins directory: the testkit's plugin
 *     under test, or a cog being written
 * @param systemVersion the Cogwheel version that a plugin's {@code plugin.requires} is checked against
 * @param databaseAccess the plugin ids the operator approved for direct database access
 * @param handlerTimeout how long a command or event handler, or a cog's start or stop, may run before
 *     it is interrupted
 * @param drainTimeout how long a stop or reload waits for the plugin's work in flight before interrupting it
 * @param queueTimeout how long work for a reloading plugin may wait for the new version
 * @param handlerThreads the threads each plugin has for its handlers
 * @param backupBeforeMigrations whether applying a plugin's changesets is preceded by a backup
 * @param pluginSettings the operator's settings per plugin id ({@code plugin.<id>.<name>})
 */
public record PluginRuntimeSettings(Path pluginsDirectory, List<Path> developmentPlugins, String systemVersion, Set<String> databaseAccess,
    Duration handlerTimeout, Duration drainTimeout, Duration queueTimeout, int handlerThreads, boolean backupBeforeMigrations,
    Map<String, Map<String, String>> pluginSettings) {

  /** Checks the settings. */
  public PluginRuntimeSettings {
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    developmentPlugins = List.copyOf(developmentPlugins);
    Objects.requireNonNull(systemVersion, "systemVersion");
    databaseAccess = Set.copyOf(databaseAccess);
    positive("handlerTimeout", handlerTimeout);
    positive("drainTimeout", drainTimeout);
    positive("queueTimeout", queueTimeout);
    if (handlerThreads < 1) {
      throw new IllegalArgumentException("handlerThreads must be at least 1, got " + handlerThreads);
    }
    pluginSettings = Map.copyOf(pluginSettings);
  }

  /**
   * These settings with further development plugin directories.
   *
   * @param directories the directories
   * @return the new settings
   */
  public PluginRuntimeSettings withDevelopmentPlugins(List<Path> directories) {
    List<Path> all = new java.util.ArrayList<>(developmentPlugins);
    all.addAll(directories);
    return new PluginRuntimeSettings(pluginsDirectory, all, systemVersion, databaseAccess, handlerTimeout, drainTimeout,
        queueTimeout, handlerThreads, backupBeforeMigrations, pluginSettings);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /**
   * The defaults, for a plugins directory: handlers 10 s, drain 10 s, queue 30 s, 4 threads, backups on.
   *
   * @param pluginsDirectory where the plugins are
   * @param systemVersion the Cogwheel version
   * @return the settings
   */
  public static PluginRuntimeSettings defaults(Path pluginsDirectory, String systemVersion) {
    return new PluginRuntimeSettings(pluginsDirectory, List.of(), systemVersion, Set.of(), Duration.ofSeconds(10), Duration.ofSeconds(10),
        Duration.ofSeconds(30), 4, true, Map.of());
  }
}
