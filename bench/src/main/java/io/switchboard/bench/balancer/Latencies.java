package io.switchboard.bench.balancer;

import java.util.Arrays;

/**
 * Latencies of one phase, in nanoseconds; percentiles by sorting (phases hold at most a few 100k).
 */
final class Latencies {
  private long[] values = new long[1024];
  private int count;
  private int errors;

  synchronized void record(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  /** Adds another phase's latencies and errors to these. */
  void add(Latencies other) {
    long[] theirs;
    int theirErrors;
    synchronized (other) {
      theirs = Arrays.copyOf(other.values, other.count);
      theirErrors = other.errors;
    }
    synchronized (this) {
      for (long v : theirs) {
        record(v);
      }
      errors += theirErrors;
    }
  }

  synchronized void error() {
    errors++;
  }

  synchronized int count() {
    return count;
  }

  synchronized int errors() {
    return errors;
  }

  /** The q-quantile (0..1) in milliseconds. */
  synchronized double millis(double q) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[index] / 1e6;
  }
}
