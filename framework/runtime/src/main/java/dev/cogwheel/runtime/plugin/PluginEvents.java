package dev.cogwheel.runtime.plugin;

import dev.cogwheel.api.event.EventBus;
import dev.cogwheel.api.event.EventHandler;
import dev.cogwheel.storage.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The event subscriptions of one loaded version of a plugin. Thread-safe. */
final class PluginEvents implements EventBus {

  /** One subscription: the handler receives events that are instances of the type. */
  private record EventSubscription(Class<?> type, EventHandler<Object> handler) {}

  private final Runnable checkLive;
  private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();

  /**
   * Creates the bus.
   *
   * @param checkLive throws once the version is released
   */
  PluginEvents(Runnable checkLive) {
    this.checkLive = checkLive;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <E> Subscription subscribe(Class<E> type, EventHandler<? super E> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    checkLive.run();
    EventSubscription subscription = new EventSubscription(type, (EventHandler<Object>) handler);
    subscriptions.add(subscription);
    return () -> subscriptions.remove(subscription);
  }

  /**
   * The handlers for an event.
   *
   * @param event the event
   * @return the handlers whose type the event is an instance of
   */
  List<EventHandler<Object>> handlersFor(Object event) {
    List<EventHandler<Object>> handlers = new ArrayList<>();
    for (EventSubscription subscription : subscriptions) {
      if (subscription.type().isInstance(event)) {
        handlers.add(subscription.handler());
      }
    }
    return handlers;
  }

  /**
   * Whether a handler would receive an event like this one.
   *
   * @param event the event
   * @return true when some subscription's type matches
   */
  boolean wants(Object event) {
    return subscriptions.stream().anyMatch(s -> s.type().isInstance(event));
  }

  /** Drops every subscription. */
  void clear() {
    subscriptions.clear();
  }
}
