package dev.cogwheel.api.event;

import dev.cogwheel.storage.Subscription;

/**
 * A plugin's subscriptions to events: JDA's events (any subtype of
 * {@code net.dv8tion.jda.api.events.GenericEvent}, for example {@code MessageReceivedEvent}) and the
 * host's own. A handler receives every published event that is an instance of its type.
 *
 * <p>Subscriptions end when the plugin stops. Thread-safe.
 */
public interface EventBus {

  /**
   * Subscribes to events of a type and its subtypes.
   *
   * @param type the event type
   * @param handler the handler
   * @param <E> the event type
   * @return the subscription; cancel it to stop receiving events before the plugin stops
   * @throws IllegalStateException if the plugin has stopped
   */
  <E> Subscription subscribe(Class<E> type, EventHandler<? super E> handler);
}
