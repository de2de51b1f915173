package io.switchboard.esl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns header-name bytes into Strings without a new allocation for names seen before: a node sends
 * the same hundred-odd header names millions of times. A small direct-mapped table; a collision
 * just replaces the slot. One per decoder, so no locking.
 */
final class HeaderNameCache {
  /** Returned for these bytes by every cache, so callers may compare with {@code ==}. */
  static final String CONTENT_LENGTH = "Content-Length";

  private static final byte[] CONTENT_LENGTH_BYTES =
      CONTENT_LENGTH.getBytes(StandardCharsets.US_ASCII);
  private static final int SLOTS = 1024;
  private static final int MAX_NAME = 64;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] names = new String[SLOTS];

  /** Eight bytes at a time: names are 10 to 40 bytes, and this runs once per header. */
  private static int hash(byte[] buf, int from, int to) {
    long h = to - from;
    int i = from;
    while (i + 8 <= to) {
      h = (h ^ (long) LONGS.get(buf, i)) * 0x9E3779B97F4A7C15L;
      i += 8;
    }
    while (i < to) {
      h = (h ^ buf[i++]) * 0x100000001B3L;
    }
    return (int) (h ^ (h >>> 32));
  }

  String name(byte[] buf, int from, int to) {
    int len = to - from;
    if (len > MAX_NAME) {
      return new String(buf, from, len, StandardCharsets.UTF_8);
    }
    int hash = hash(buf, from, to);
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && key.length == len && Arrays.equals(key, 0, len, buf, from, to)) {
      return names[slot];
    }
    String name =
        Arrays.equals(CONTENT_LENGTH_BYTES, 0, CONTENT_LENGTH_BYTES.length, buf, from, to)
            ? CONTENT_LENGTH
            : new String(buf, from, len, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(buf, from, to);
    names[slot] = name;
    return name;
  }
}
