package io.switchboard.gateway.socket;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a random wait up to the current ceiling), so that the
 * gateways of many nodes do not reconnect in lockstep after a shared outage.
 */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private volatile int attempts;

  Backoff(Duration min, Duration max) {
    this.minMillis = Math.max(1, min.toMillis());
    this.maxMillis = Math.max(minMillis, max.toMillis());
  }

  long nextDelayMillis() {
    long ceiling = Math.min(maxMillis, minMillis << Math.min(attempts, 20));
    attempts++;
    return minMillis + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling - minMillis + 1));
  }

  void reset() {
    attempts = 0;
  }

  /** Attempts since the last reset; read from any thread. */
  int attempts() {
    return attempts;
  }
}
