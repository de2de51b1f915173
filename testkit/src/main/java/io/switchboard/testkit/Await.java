package io.switchboard.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something another thread or process brings about, with a limit. */
public final class Await {
  private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

  private Await() {}

  /**
   * Returns once {@code condition} holds; throws an AssertionError naming {@code what} after 30 s.
   */
  public static void until(BooleanSupplier condition, String what) {
    until(condition, what, DEFAULT_LIMIT);
  }

  public static void until(BooleanSupplier condition, String what, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + limit.toSeconds() + " s waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
