package dev.cogwheel.api.command;

import dev.cogwheel.storage.Subscription;
import java.util.List;

/**
 * A plugin's slash commands. Registered commands are announced to Discord by the host, which
 * compares them with what Discord has and pushes only what changed. Commands end when the plugin
 * stops.
 *
 * <p>Thread-safe.
 */
public interface CommandRegistry {

  /**
   * Declares a command.
   *
   * @param command the command
   * @return the registration; cancel it to withdraw the command before the plugin stops
   * @throws IllegalArgumentException if another plugin, or this one, already has a command of that name
   * @throws IllegalStateException if the plugin has stopped
   */
  Subscription register(SlashCommand command);

  /**
   * The plugin's commands.
   *
   * @return the commands registered and not withdrawn
   */
  List<SlashCommand> registered();
}
