package dev.cogwheel.localdiscord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Owns the threads waiting for a condition on the world: {@link #await} parks a thread until its
 * probe gives a value, and {@link #changed()}, which every change to the world ends with, wakes
 * the waiters whose probe now holds. Thread-safe: everything is done under the world's lock (see
 * {@link WorldState}), the one given here.
 */
final class Waiters {

  /** How often a waiter evaluates its probe itself, besides after every change. */
  static final Duration RECHECK = Duration.ofMillis(50);

  /** The world's lock; it also guards {@link #waiters}. */
  private final Object lock;
  private final List<Waiter<?>> waiters = new ArrayList<>();

  Waiters(Object lock) {
    this.lock = lock;
  }

  /**
   * Tells the waiters that the world changed: each waiter's probe is evaluated here, under the
   * lock the change was made under, and only a waiter whose probe now holds (or failed) is woken.
   * Waking every waiter on every change made each of them take the lock again in turn, so the
   * cost of a change grew with the number of waiting threads, all of it serialised on the lock.
   */
  void changed() {
    synchronized (lock) {
      if (!waiters.isEmpty()) {
        waiters.removeIf(Waiter::settle);
      }
    }
  }

  /**
   * Waits until a probe gives a value. The probe is evaluated now, after every change to the world
   * (on the changing thread, under the lock) and every {@link #RECHECK} on the waiting thread, so
   * that a probe that also reads something outside the world, such as a database, sees it too.
   */
  <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Waiter<T> waiter = new Waiter<>(probe);
    synchronized (lock) {
      if (waiter.check()) {
        return waiter.value;
      }
      waiters.add(waiter);
    }
    boolean waiting = true;
    try {
      while (true) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new LocalDiscordException("Timed out after " + timeout + " waiting for " + what);
        }
        LockSupport.parkNanos(lock, Math.min(remaining, RECHECK.toNanos()));
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new LocalDiscordException("Interrupted while waiting for " + what, new InterruptedException());
        }
        synchronized (lock) {
          // Taken even when a changing thread already found the value: that thread may still be
          // inside the change that woke this one (a REST call is recorded in the action log after
          // its handler changed the world), and the caller must see the whole change.
          if (waiter.settled) {
            waiting = false;
            return waiter.value;
          }
          // Evaluated here too when the probe failed on a changing thread, so that its exception is
          // thrown, with its own stack, to the caller that waits.
          if (waiter.check()) {
            return waiter.value;
          }
        }
      }
    } finally {
      if (waiting) {
        synchronized (lock) {
          waiters.remove(waiter);
        }
      }
    }
  }

  /** A thread in {@link #await}: its probe, and what the probe gave once it held. */
  private static final class Waiter<T> {
    private final Supplier<Optional<T>> probe;
    private final Thread thread = Thread.currentThread();
    private volatile boolean settled;
    private T value;

    Waiter(Supplier<Optional<T>> probe) {
      this.probe = probe;
    }

    /** Evaluates the probe on the waiting thread, under the world's lock; its exceptions go to the caller. */
    boolean check() {
      Optional<T> now = probe.get();
      if (now.isPresent()) {
        value = now.get();
        settled = true;
      }
      return settled;
    }

    /**
     * Evaluates the probe on a changing thread, under the world's lock, and wakes the waiting thread
     * if it holds (then true: it no longer waits) or failed (then the waiting thread evaluates it).
     */
    boolean settle() {
      try {
        Optional<T> now = probe.get();
        if (now.isEmpty()) {
          return false;
        }
        value = now.get();
        settled = true;
        LockSupport.unpark(thread);
        return true;
      } catch (RuntimeException e) {
        LockSupport.unpark(thread);
        return false;
      }
    }
  }
}
