package dev.cogwheel.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * Waits for something a test cannot be told about, such as a cog's stored state after a Discord event
 * it handled. Prefer a signal where there is one (the local Discord's {@code await} methods, a
 * command's reply); use this for the rest. Polls every 50 ms, for up to {@link #WAIT}, and fails with
 * what it waited for. Built on Awaitility.
 */
public final class Eventually {

  /** How long a wait lasts before it fails: generous, so a slow shared machine does not fail a test. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final Duration POLL = Duration.ofMillis(50);

  private Eventually() {}

  /**
   * Waits until a condition holds.
   *
   * @param what what is waited for, for the failure message ("the channel to be deleted")
   * @param condition the condition
   * @throws AssertionError if it does not hold within {@link #WAIT}
   */
  public static void until(String what, BooleanSupplier condition) {
    await(what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /**
   * Waits until a probe gives a value.
   *
   * @param what what is waited for, for the failure message
   * @param probe the probe; empty while the value is not there yet
   * @param <T> the value's type
   * @return the value
   * @throws AssertionError if the probe gives nothing within {@link #WAIT}
   */
  public static <T> T await(String what, Supplier<Optional<T>> probe) {
    AtomicReference<T> found = new AtomicReference<>();
    try {
      Awaitility.await(what).atMost(WAIT).pollInterval(POLL).pollInSameThread().until(() -> {
        Optional<T> value = probe.get();
        value.ifPresent(found::set);
        return value.isPresent();
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Timed out after " + WAIT + " waiting for " + what, e);
    }
    return found.get();
  }

  /**
   * Waits until assertions pass.
   *
   * @param what what is waited for, for the failure message
   * @param assertions assertions that throw while the state is not there yet
   * @throws AssertionError the last failure, if they do not pass within {@link #WAIT}
   */
  public static void untilAsserted(String what, ThrowingRunnable assertions) {
    try {
      Awaitility.await(what).atMost(WAIT).pollInterval(POLL).pollInSameThread().untilAsserted(assertions);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Timed out after " + WAIT + " waiting for " + what + ": " + e.getMessage(), e);
    }
  }
}
