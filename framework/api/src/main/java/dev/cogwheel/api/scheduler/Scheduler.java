package dev.cogwheel.api.scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Runs a plugin's background work on threads the host owns for that plugin. Every task is cancelled
 * when the plugin stops; a task that throws is logged with the plugin's id, and a repeated task keeps
 * its schedule.
 *
 * <p>Nothing here is durable: after a restart a cog schedules again from what it stored (for example
 * a reminder time kept in its table).
 *
 * <p>Thread-safe.
 */
public interface Scheduler {

  /**
   * Runs a task once after a delay.
   *
   * @param delay how long to wait; zero runs it as soon as a thread is free
   * @param task the task
   * @return the scheduled task
   * @throws IllegalArgumentException if the delay is negative
   * @throws IllegalStateException if the plugin has stopped
   */
  ScheduledTask schedule(Duration delay, Runnable task);

  /**
   * Runs a task repeatedly, at a fixed rate.
   *
   * @param initialDelay the wait before the first run
   * @param period the time between the starts of two runs; positive
   * @param task the task
   * @return the scheduled task
   * @throws IllegalArgumentException if the delay is negative or the period not positive
   * @throws IllegalStateException if the plugin has stopped
   */
  ScheduledTask repeat(Duration initialDelay, Duration period, Runnable task);

  /**
   * An executor on the plugin's threads, for asynchronous work (for example the continuation of a
   * JDA {@code RestAction}). Work still queued when the plugin stops is dropped.
   *
   * @return the executor
   */
  Executor executor();
}
