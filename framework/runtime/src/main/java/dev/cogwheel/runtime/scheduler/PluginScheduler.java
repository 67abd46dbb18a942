package dev.cogwheel.runtime.scheduler;

import dev.cogwheel.api.scheduler.ScheduledTask;
import dev.cogwheel.api.scheduler.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** A plugin's scheduler: one timer thread of its own; tasks run there and are cancelled when it stops. */
public final class PluginScheduler implements Scheduler {

  private final String pluginId;
  private final ScheduledThreadPoolExecutor timer;
  private final Executor workers;
  private final Logger logger;

  public PluginScheduler(String pluginId, ThreadFactory threads, Executor workers, Logger logger) {
    this.pluginId = pluginId;
    this.timer = new ScheduledThreadPoolExecutor(1, threads);
    this.timer.setRemoveOnCancelPolicy(true);
    this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.workers = workers;
    this.logger = logger;
  }

  @Override
  public ScheduledTask schedule(Duration delay, Runnable task) {
    checkDelay(delay);
    // Saturating: a delay beyond about 292 years waits Long.MAX_VALUE nanoseconds instead of overflowing.
    return new Task(timer.schedule(guarded(task), TimeUnit.NANOSECONDS.convert(delay), TimeUnit.NANOSECONDS));
  }

  @Override
  public ScheduledTask repeat(Duration initialDelay, Duration period, Runnable task) {
    checkDelay(initialDelay);
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("The period of a repeated task must be positive, got " + period);
    }
    return new Task(timer.scheduleAtFixedRate(guarded(task), TimeUnit.NANOSECONDS.convert(initialDelay),
        TimeUnit.NANOSECONDS.convert(period), TimeUnit.NANOSECONDS));
  }

  @Override
  public Executor executor() {
    return workers;
  }

  private static void checkDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("A task's delay cannot be negative, got " + delay);
    }
  }

  /** A task that logs what it throws instead of ending its schedule. */
  private Runnable guarded(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        logger.error("plugin.task_failed plugin={}: a scheduled task threw", pluginId, e);
      }
    };
  }

  /** Cancels every task (so that their handles say so) and stops the timer thread. */
  public void shutdown() {
    for (Runnable queued : timer.shutdownNow()) {
      if (queued instanceof Future<?> future) {
        future.cancel(false);
      }
    }
  }

  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return timer.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private record Task(ScheduledFuture<?> future) implements ScheduledTask {
    @Override
    public void cancel() {
      future.cancel(true);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }

    @Override
    public boolean isDone() {
      return future.isDone();
    }
  }
}
