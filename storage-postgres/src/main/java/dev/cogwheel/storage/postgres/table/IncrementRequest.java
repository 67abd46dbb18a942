package dev.cogwheel.storage.postgres.table;

import java.util.concurrent.CompletableFuture;

/**
 * One caller's increment, waiting to be group-committed. Equal only to itself: two callers adding to
 * the same row are two requests.
 */
final class IncrementRequest {

  private final IncrementTarget target;
  private final String[] keyTexts;
  private final long delta;
  private final CompletableFuture<Long> result = new CompletableFuture<>();

  /**
   * @param target the table and column
   * @param keyTexts the key values as text, in key order
   * @param delta the amount
   */
  IncrementRequest(IncrementTarget target, String[] keyTexts, long delta) {
    this.target = target;
    this.keyTexts = keyTexts;
    this.delta = delta;
  }

  IncrementTarget target() {
    return target;
  }

  /** The key values as text, in key order; not to be modified. */
  String[] keyTexts() {
    return keyTexts;
  }

  long delta() {
    return delta;
  }

  String what() {
    return target.what();
  }

  /** Completed with the new value after commit. */
  CompletableFuture<Long> result() {
    return result;
  }
}
