package dev.cogwheel.plugins.tempvc;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition on the cog's storage, which the local Discord's {@code await} cannot see
 * change: it wakes only when the world changes, and the cog writes its state after its Discord call.
 */
final class Eventually {

  static final Duration WAIT = Duration.ofSeconds(30);

  private Eventually() {}

  /** Polls {@code probe} until it gives a value, for up to 30 s. */
  static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        return fail("Timed out after " + WAIT + " waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  /** Polls {@code condition} until it holds, for up to 30 s. */
  static void until(String what, Supplier<Boolean> condition) {
    await(what, () -> condition.get() ? Optional.of(true) : Optional.empty());
  }
}
