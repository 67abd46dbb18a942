package dev.cogwheel.runtime.event;

import dev.cogwheel.api.event.EventHandler;
import dev.cogwheel.runtime.command.CommandOutcome;
import dev.cogwheel.runtime.work.PluginDoor;
import dev.cogwheel.runtime.work.PluginUnavailableException;
import dev.cogwheel.runtime.work.PluginVersion;
import dev.cogwheel.runtime.work.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every running plugin that subscribed to its type, on that plugin's threads and
 * through its {@link dev.cogwheel.runtime.work.WorkGate}: events for a reloading plugin wait for the new version. A handler that
 * throws or runs past the handler timeout is logged with the plugin's id and does not reach the
 * others.
 *
 * <p>Thread-safe.
 */
public final class EventDispatcher {

  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

  private final Supplier<? extends Collection<? extends PluginDoor>> plugins;
  private final ScheduledExecutorService timer;
  private final Duration handlerTimeout;
  private final Duration queueTimeout;

  public EventDispatcher(Supplier<? extends Collection<? extends PluginDoor>> plugins, ScheduledExecutorService timer,
      Duration handlerTimeout, Duration queueTimeout) {
    this.plugins = plugins;
    this.timer = timer;
    this.handlerTimeout = handlerTimeout;
    this.queueTimeout = queueTimeout;
  }

  /**
   * Publishes an event.
   *
   * @param event the event (a JDA event, or one of the host's)
   * @return completes when every plugin that takes the event has handled it, failed, or given up
   */
  public CompletableFuture<Void> publish(Object event) {
    List<CompletableFuture<Void>> deliveries = new ArrayList<>();
    for (PluginDoor slot : plugins.get()) {
      PluginVersion current = slot.gate().current();
      boolean reloading = slot.reloading();
      if ((current != null && current.wants(event)) || reloading) {
        Delivery delivery = new Delivery(slot, event);
        delivery.queueTimer = timer.schedule(delivery::giveUp, queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        slot.gate().submit(delivery);
        deliveries.add(delivery.done);
      }
    }
    return CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new));
  }

  private final class Delivery implements Work {
    final PluginDoor slot;
    final Object event;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final long queued = System.nanoTime();
    volatile ScheduledFuture<?> queueTimer;

    Delivery(PluginDoor slot, Object event) {
      this.slot = slot;
      this.event = event;
    }

    @Override
    public boolean abandoned() {
      return done.isDone();
    }

    @Override
    public void fail(PluginUnavailableException reason) {
      log.debug("event.dropped plugin={} event={}: {}", slot.pluginId(), event.getClass().getSimpleName(), reason.getMessage());
      giveUp();
    }

    /** The plugin cannot take the event (stopped, failed, or its reload did not finish in time). */
    void giveUp() {
      if (done.complete(null)) {
        EventMetrics.record(slot.pluginId(), CommandOutcome.UNAVAILABLE, System.nanoTime() - queued);
      }
    }

    @Override
    public void run(PluginVersion plugin) {
      queueTimer.cancel(false);
      try {
        for (EventHandler<Object> handler : plugin.handlersFor(event)) {
          runOne(plugin, handler);
        }
      } finally {
        done.complete(null);
      }
    }

    private void runOne(PluginVersion plugin, EventHandler<Object> handler) {
      Thread worker = Thread.currentThread();
      AtomicBoolean timedOut = new AtomicBoolean();
      long start = System.nanoTime();
      CommandOutcome outcome = CommandOutcome.SUCCEEDED;
      ScheduledFuture<?> watchdog = timer.schedule(() -> {
        timedOut.set(true);
        log.warn("event.timed_out plugin={} version={} event={} after {} ms", plugin.pluginId(), plugin.version(),
            event.getClass().getSimpleName(), handlerTimeout.toMillis());
        worker.interrupt();
      }, handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        handler.handle(event);
      } catch (Exception | LinkageError e) {
        outcome = CommandOutcome.FAILED;
        if (!timedOut.get()) {
          log.error("event.failed plugin={} version={} event={}", plugin.pluginId(), plugin.version(),
              event.getClass().getSimpleName(), e);
        }
      } finally {
        watchdog.cancel(false);
        Thread.interrupted();
        EventMetrics.record(plugin.pluginId(), timedOut.get() ? CommandOutcome.TIMED_OUT : outcome, System.nanoTime() - start);
      }
    }
  }
}
