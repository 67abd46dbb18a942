package dev.cogwheel.runtime.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the host runs plugins. Build it with {@link #builder(Path, String)}.
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
    List<Path> all = new ArrayList<>(developmentPlugins);
    all.addAll(directories);
    return toBuilder().developmentPlugins(all).build();
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /**
   * A builder with the defaults: no development plugins, no database access, handlers 10 s, drain
   * 10 s, queue 30 s, 4 threads, backups on, no plugin settings.
   *
   * @param pluginsDirectory where the plugins are
   * @param systemVersion the Cogwheel version
   * @return the builder
   */
  public static Builder builder(Path pluginsDirectory, String systemVersion) {
    return new Builder(pluginsDirectory, systemVersion);
  }

  /**
   * A builder that starts from these settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return builder(pluginsDirectory, systemVersion).developmentPlugins(developmentPlugins).databaseAccess(databaseAccess)
        .handlerTimeout(handlerTimeout).drainTimeout(drainTimeout).queueTimeout(queueTimeout).handlerThreads(handlerThreads)
        .backupBeforeMigrations(backupBeforeMigrations).pluginSettings(pluginSettings);
  }

  /** Builds {@link PluginRuntimeSettings}; each setter's meaning is the record component's of the same name. */
  public static final class Builder {

    private final Path pluginsDirectory;
    private final String systemVersion;
    private List<Path> developmentPlugins = List.of();
    private Set<String> databaseAccess = Set.of();
    private Duration handlerTimeout = Duration.ofSeconds(10);
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Duration queueTimeout = Duration.ofSeconds(30);
    private int handlerThreads = 4;
    private boolean backupBeforeMigrations = true;
    private Map<String, Map<String, String>> pluginSettings = Map.of();

    private Builder(Path pluginsDirectory, String systemVersion) {
      this.pluginsDirectory = pluginsDirectory;
      this.systemVersion = systemVersion;
    }

    /** Sets {@link PluginRuntimeSettings#developmentPlugins()}. */
    public Builder developmentPlugins(List<Path> value) {
      developmentPlugins = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#databaseAccess()}. */
    public Builder databaseAccess(Set<String> value) {
      databaseAccess = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#handlerTimeout()}. */
    public Builder handlerTimeout(Duration value) {
      handlerTimeout = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#drainTimeout()}. */
    public Builder drainTimeout(Duration value) {
      drainTimeout = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#queueTimeout()}. */
    public Builder queueTimeout(Duration value) {
      queueTimeout = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#handlerThreads()}. */
    public Builder handlerThreads(int value) {
      handlerThreads = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#backupBeforeMigrations()}. */
    public Builder backupBeforeMigrations(boolean value) {
      backupBeforeMigrations = value;
      return this;
    }

    /** Sets {@link PluginRuntimeSettings#pluginSettings()}. */
    public Builder pluginSettings(Map<String, Map<String, String>> value) {
      pluginSettings = value;
      return this;
    }

    /**
     * The settings.
     *
     * @return the checked settings
     * @throws IllegalArgumentException if a duration is not positive or there is no handler thread
     */
    public PluginRuntimeSettings build() {
      return new PluginRuntimeSettings(pluginsDirectory, developmentPlugins, systemVersion, databaseAccess, handlerTimeout,
          drainTimeout, queueTimeout, handlerThreads, backupBeforeMigrations, pluginSettings);
    }
  }
}
