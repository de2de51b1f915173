package io.switchboard.esl;

import java.util.Arrays;

/**
 * Tells whether an event repeats a header name, in O(1) per header and without allocating: an
 * open-addressing table reset per event by a stamp. FreeSWITCH never repeats a name, so this almost
 * always answers no; when it does, the event's views keep the first occurrence.
 */
final class RepeatDetector {
  private static final int SLOTS = 512;
  private final String[] keys = new String[SLOTS];
  private final int[] stamps = new int[SLOTS];
  private int stamp;
  private boolean repeated;

  void reset() {
    if (++stamp == 0) {
      Arrays.fill(stamps, 0);
      stamp = 1;
    }
    repeated = false;
  }

  void add(String name) {
    int slot = name.hashCode() & (SLOTS - 1);
    for (int probe = 0; probe < SLOTS; probe++) {
      int i = (slot + probe) & (SLOTS - 1);
      if (stamps[i] != stamp) {
        stamps[i] = stamp;
        keys[i] = name;
        return;
      }
      if (keys[i].equals(name)) {
        repeated = true;
        return;
      }
    }
    // More distinct names than slots: assume the worst, the slow path then checks properly.
    repeated = true;
  }

  boolean repeated() {
    return repeated;
  }
}
