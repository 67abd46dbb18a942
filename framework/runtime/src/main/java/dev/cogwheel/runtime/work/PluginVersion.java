package dev.cogwheel.runtime.work;

import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.event.EventHandler;
import java.util.List;
import java.util.Optional;

/** One running version of a plugin, as work for it sees it: its threads and what it registered. */
public interface PluginVersion {

  /**
   * The plugin's id.
   *
   * @return the id
   */
  String pluginId();

  /**
   * The version.
   *
   * @return the version from its descriptor
   */
  String version();

  /**
   * Runs work on the plugin's handler threads.
   *
   * @param work the work
   * @throws java.util.concurrent.RejectedExecutionException once the version is released
   */
  void execute(Runnable work);

  /**
   * What this version's code receives in place of a host object: a view through which it can call the
   * interface's methods and nothing else, and which reflection cannot open (see docs/security.md).
   *
   * @param type the SDK interface
   * @param hostObject the host's object
   * @param <T> the interface
   * @return the view to hand to the plugin
   */
  <T> T expose(Class<T> type, T hostObject);

  /**
   * The command of this version with the given name.
   *
   * @param name the command name
   * @return the command, if this version registered it
   */
  Optional<SlashCommand> command(String name);

  /**
   * The handlers of this version for an event.
   *
   * @param event the event
   * @return the handlers whose type the event is an instance of
   */
  List<EventHandler<Object>> handlersFor(Object event);

  /**
   * Whether this version subscribed to events like this one.
   *
   * @param event the event
   * @return true when a handler would receive it
   */
  boolean wants(Object event);
}
