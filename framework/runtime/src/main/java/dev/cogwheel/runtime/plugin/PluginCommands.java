package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.command.CommandRegistry;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.runtime.command.CommandRoutes;
import dev.cogwheel.storage.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slash commands one loaded version of a plugin registered, each name claimed across plugins
 * through the {@link CommandRoutes}. Thread-safe.
 */
final class PluginCommands implements CommandRegistry {

  private final String pluginId;
  private final CommandRoutes routes;
  private final Runnable checkLive;
  private final Map<String, SlashCommand> commands = new ConcurrentHashMap<>();

  /**
   * Creates the registry.
   *
   * @param pluginId the plugin
   * @param routes who owns which name across plugins
   * @param checkLive throws once the version is released
   */
  PluginCommands(String pluginId, CommandRoutes routes, Runnable checkLive) {
    this.pluginId = pluginId;
    this.routes = routes;
    this.checkLive = checkLive;
  }

  @Override
  public Subscription register(SlashCommand command) {
    Objects.requireNonNull(command, "command");
    checkLive.run();
    if (commands.containsKey(command.name())) {
      throw new IllegalArgumentException("Plugin " + pluginId + " registered command /" + command.name() + " twice.");
    }
    routes.claim(command.name(), pluginId);
    commands.put(command.name(), command);
    return () -> {
      if (commands.remove(command.name(), command)) {
        routes.release(command.name(), pluginId);
      }
    };
  }

  @Override
  public List<SlashCommand> registered() {
    return List.copyOf(commands.values());
  }

  /**
   * The command with the given name.
   *
   * @param name the command name
   * @return the command, if this version registered it
   */
  Optional<SlashCommand> find(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  /** Forgets every command without giving the names up: the manager decides which names stay routed. */
  void clear() {
    commands.clear();
  }
}
