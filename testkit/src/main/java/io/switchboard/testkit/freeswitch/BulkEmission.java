package io.switchboard.testkit.freeswitch;

/**
 * A burst of events for load and recovery tests: {@code count} events of about {@code bytes} bytes
 * each (plain format), at {@code ratePerSecond} (0: as fast as the simulator can). Every event
 * carries FreeSWITCH's own Event-Sequence and Event-Date-Timestamp (microseconds), so a consumer
 * can check order and measure latency.
 */
public record BulkEmission(int count, int bytes, int ratePerSecond, String name, String subclass) {
  public BulkEmission {
    if (count < 0 || bytes < 0 || ratePerSecond < 0) {
      throw new IllegalArgumentException("count, bytes and rate must not be negative");
    }
  }

  /** mod_conference's conference-heartbeat events on conference::maintenance. */
  public static BulkEmission conferenceEvents(int count, int bytes, int ratePerSecond) {
    return new BulkEmission(count, bytes, ratePerSecond, "CUSTOM", Conferences.MAINTENANCE);
  }
}
