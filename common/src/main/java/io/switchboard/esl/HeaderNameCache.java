package io.switchboard.esl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns header-name bytes into Strings without a new allocation for names seen before: a node
 * sends the same hundred-odd header names millions of times. A small direct-mapped table; a
 * collision just replaces the slot. One per decoder, so no locking.
 */
final class HeaderNameCache {
  /** Returned for these bytes by every cache, so callers may compare with {@code ==}. */
  static final String CONTENT_LENGTH = "Content-Length";
  private static final byte[] CONTENT_LENGTH_BYTES = CONTENT_LENGTH.getBytes(StandardCharsets.US_ASCII);
  private static final int SLOTS = 1024;
  private static final int MAX_NAME = 64;

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] names = new String[SLOTS];

  String name(byte[] buf, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + buf[i];
    }
    return name(buf, from, to, h);
  }

  /** {@code hash} is {@code h = 31 * h + b} over the name's bytes, as the caller computed it while scanning. */
  String name(byte[] buf, int from, int to, int hash) {
    int len = to - from;
    if (len > MAX_NAME) {
      return new String(buf, from, len, StandardCharsets.UTF_8);
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && key.length == len && Arrays.equals(key, 0, len, buf, from, to)) {
      return names[slot];
    }
    String name = Arrays.equals(CONTENT_LENGTH_BYTES, 0, CONTENT_LENGTH_BYTES.length, buf, from, to)
        ? CONTENT_LENGTH : new String(buf, from, len, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(buf, from, to);
    names[slot] = name;
    return name;
  }
}
