package io.switchboard.testkit.freeswitch;

/** switch_core_measure_time as status and HEARTBEAT's Up-Time print it. */
final class Uptime {
  private Uptime() {}

  static String describe(long micros) {
    long mms = micros % 1000;
    long ms = (micros / 1000) % 1000;
    long totalSeconds = micros / 1_000_000;
    long sec = totalSeconds % 60;
    long min = (totalSeconds / 60) % 60;
    long hr = (totalSeconds / 3600) % 24;
    long day = (totalSeconds / 86400) % 365;
    long yr = totalSeconds / (86400L * 365);
    return unit(yr, "year")
        + ", "
        + unit(day, "day")
        + ", "
        + unit(hr, "hour")
        + ", "
        + unit(min, "minute")
        + ", "
        + unit(sec, "second")
        + ", "
        + unit(ms, "millisecond")
        + ", "
        + unit(mms, "microsecond");
  }

  private static String unit(long n, String name) {
    return n + " " + name + (n == 1 ? "" : "s");
  }
}
