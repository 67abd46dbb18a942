package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import net.dv8tion.jda.api.events.GenericEvent;

/** Waits on a queue of JDA events, skipping the ones that do not match. */
final class Events {

  private Events() {}

  static <T extends GenericEvent> T await(
      BlockingQueue<GenericEvent> events, Class<T> type, Predicate<T> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long remaining = deadline - System.nanoTime();
      GenericEvent event = remaining <= 0 ? null : events.poll(remaining, TimeUnit.NANOSECONDS);
      if (event == null) {
        return fail("JDA fired no matching " + type.getSimpleName() + " within " + timeout);
      }
      if (type.isInstance(event) && condition.test(type.cast(event))) {
        return type.cast(event);
      }
    }
  }
}
