package dev.cogwheel.runtime.work;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The door between incoming work (commands, events) and one plugin id, kept across reloads. Open: work
 * runs on the current version's threads and is counted while in flight. Held (during a reload): work
 * queues and runs on the next version once it opens. Closed: work fails at once with the reason.
 *
 * <p>Thread-safe.
 */
public final class WorkGate {

  private final String pluginId;
  private PluginVersion open;
  private boolean holding;
  private String closedReason;
  private int inFlight;
  private final ArrayDeque<Work> queue = new ArrayDeque<>();

  public WorkGate(String pluginId) {
    this.pluginId = pluginId;
    this.closedReason = "plugin " + pluginId + " is not started";
  }

  /**
   * Hands work to the plugin: runs it, queues it, or fails it.
   *
   * @param work the work
   */
  public void submit(Work work) {
    PluginVersion target;
    synchronized (this) {
      if (open == null) {
        if (holding) {
          queue.add(work);
          return;
        }
        target = null;
      } else {
        target = open;
        inFlight++;
      }
    }
    if (target == null) {
      work.fail(new PluginUnavailableException(pluginId, closedReason()));
      return;
    }
    try {
      target.execute(() -> {
        try {
          if (!work.abandoned()) {
            work.run(target);
          }
        } finally {
          exit();
        }
      });
    } catch (RejectedExecutionException e) {
      exit();
      work.fail(new PluginUnavailableException(pluginId, "plugin " + pluginId + " is stopping"));
    }
  }

  private synchronized String closedReason() {
    return closedReason;
  }

  private synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  /**
   * Stops handing out work; new work queues for the next version.
   */
  public synchronized void hold() {
    open = null;
    holding = true;
  }

  /**
   * Waits until no work is in flight.
   *
   * @param timeout the longest wait
   * @return whether everything in flight finished within it
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Opens the gate to a started version and hands it the queued work.
   *
   * @param plugin the started version
   */
  public void open(PluginVersion plugin) {
    List<Work> queued;
    synchronized (this) {
      open = plugin;
      holding = false;
      queued = new ArrayList<>(queue);
      queue.clear();
    }
    queued.forEach(this::submit);
  }

  /**
   * Closes the gate: queued and future work fails with the reason.
   *
   * @param reason why the plugin takes no work, naming it
   */
  public void close(String reason) {
    List<Work> queued;
    synchronized (this) {
      open = null;
      holding = false;
      closedReason = reason;
      queued = new ArrayList<>(queue);
      queue.clear();
    }
    queued.forEach(w -> w.fail(new PluginUnavailableException(pluginId, reason)));
  }

  /**
   * The version work currently goes to.
   *
   * @return the open version, or null
   */
  public synchronized PluginVersion current() {
    return open;
  }
}
