package dev.cogwheel.panel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed authentications per client address, in windows of {@link #WINDOW}: the first failure of a
 * window is logged (the route and why, never the credential), and a client that fails
 * {@link #LIMIT} times in a window is refused with 429 until the window ends, whatever it presents,
 * which makes guessing tokens hopeless and keeps an attack from flooding the log. Windows are
 * bounded in number, so many addresses cannot exhaust memory. Thread-safe.
 */
final class FailedAuthentications {

  /** Failures a client may have in a window before it is refused. */
  static final int LIMIT = 10;

  /** How long a window lasts from its first failure. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(FailedAuthentications.class);
  private static final int MAX_CLIENTS = 100_000;

  private final Cache<String, AtomicInteger> windows = Caffeine.newBuilder()
      .maximumSize(MAX_CLIENTS).expireAfterWrite(WINDOW).build();

  /**
   * Whether a client is refused for now.
   *
   * @param client the client's address
   * @return the seconds until it may try again; empty when it may try now
   */
  OptionalLong retryAfter(String client) {
    AtomicInteger failures = windows.getIfPresent(client);
    if (failures == null || failures.get() < LIMIT) {
      return OptionalLong.empty();
    }
    long seconds = windows.policy().expireAfterWrite()
        .flatMap(policy -> policy.ageOf(client, TimeUnit.SECONDS).stream().boxed().findFirst())
        .map(age -> Math.max(1, WINDOW.toSeconds() - age)).orElse(WINDOW.toSeconds());
    return OptionalLong.of(seconds);
  }

  /**
   * Counts a failure.
   *
   * @param client the client's address
   * @param route the path it asked for
   * @param reason why it failed: {@code missing}, {@code unknown_token}, {@code expired_session}
   */
  void record(String client, String route, String reason) {
    int count = windows.get(client, k -> new AtomicInteger()).incrementAndGet();
    if (count == 1) {
      log.warn("panel.auth_failed client={} route={} reason={}", client, route, reason);
    } else if (count == LIMIT) {
      log.warn("panel.auth_blocked client={} failures={} for={}s", client, count, WINDOW.toSeconds());
    }
  }
}
