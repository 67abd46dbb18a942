package dev.cogwheel.api.scheduler;

/**
 * A task handed to the {@link Scheduler}.
 *
 * <p>Thread-safe.
 */
public interface ScheduledTask {

  /** Cancels the task: it does not run again; a run in progress is interrupted. */
  void cancel();

  /**
   * Whether the task was cancelled (by the plugin, or because the plugin stopped).
   *
   * @return true once cancelled
   */
  boolean isCancelled();

  /**
   * Whether the task will not run again: it ran (a one-off task) or was cancelled.
   *
   * @return true when done
   */
  boolean isDone();
}
