package dev.cogwheel.storage;

/**
 * A registration that can be cancelled, such as a change listener. Cancelling twice is harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Cancels the registration; after it returns, no new callbacks start. */
  void cancel();

  /** Same as {@link #cancel()}, so a subscription can be used in try-with-resources. */
  @Override
  default void close() {
    cancel();
  }
}
