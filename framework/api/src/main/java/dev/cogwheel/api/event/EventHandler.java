package dev.cogwheel.api.event;

/**
 * Handles one type of event for a plugin. Runs on the plugin's threads; an exception or a run longer
 * than the host's handler timeout is logged with the plugin's id and does not reach other plugins.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventHandler<E> {

  /**
   * Handles an event.
   *
   * @param event the event
   * @throws Exception if handling failed; logged by the host
   */
  void handle(E event) throws Exception;
}
