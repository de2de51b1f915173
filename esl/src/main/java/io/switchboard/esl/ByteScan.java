package io.switchboard.esl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time (SWAR: the classic "has a zero byte" test on 64-bit words),
 * for the event parser's hot loop. Little-endian reads make the lowest flagged bit the first
 * matching byte; bits above a true match may be false positives, so only the lowest one is ever
 * used. Public for writers of JSON from event bytes (the gateway's envelope).
 */
public final class ByteScan {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long PERCENTS = ONES * '%';
  private static final long COLONS = ONES * ':';
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * ' ';

  private ByteScan() {}

  private static long zeroBytes(long v) {
    return (v - ONES) & ~v & HIGHS;
  }

  /**
   * Index of the first byte in [from, to) that ends a plain run of a JSON string: a quote, a
   * backslash or a control character (below 0x20); {@code to} when there is none.
   */
  public static int jsonStringStop(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      // Bytes below 0x20: (w - 0x20..) & ~w & 0x80.. (bytes of 0x80 and above never match).
      long hit = zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS);
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
      i += 8;
    }
    while (i < to) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        return i;
      }
      i++;
    }
    return i;
  }

  /**
   * Index of the first byte in [from, to) that ends a run a JSON writer may copy as it is when it
   * takes only ASCII: a quote, a backslash, a control character or a byte of 0x80 and above; {@code
   * to} when there is none.
   */
  public static int jsonAsciiStop(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      long hit =
          zeroBytes(w ^ QUOTES)
              | zeroBytes(w ^ BACKSLASHES)
              | ((w - SPACES) & ~w & HIGHS)
              | (w & HIGHS);
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
      i += 8;
    }
    while (i < to) {
      byte c = b[i];
      if (c == '"' || c == '\\' || c < 0x20) {
        return i;
      }
      i++;
    }
    return i;
  }

  /** Index of the first ':' or '\n' in [from, to), or {@code to}. */
  static int colonOrNewline(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      long hit = zeroBytes(w ^ COLONS) | zeroBytes(w ^ NEWLINES);
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
      i += 8;
    }
    while (i < to && b[i] != ':' && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /**
   * Index of the first '\n' in [from, to) (or {@code to}), with bit 32 set when a '%' comes before
   * it.
   */
  static long newlineAndPercent(byte[] b, int from, int to) {
    int i = from;
    long percent = 0;
    while (i + 8 <= to) {
      long w = (long) LONGS.get(b, i);
      long newline = zeroBytes(w ^ NEWLINES);
      long pct = zeroBytes(w ^ PERCENTS);
      if (newline != 0) {
        int bit = Long.numberOfTrailingZeros(newline);
        if ((pct & ((1L << bit) - 1)) != 0) {
          percent = 1L << 32;
        }
        return percent | (i + (bit >>> 3));
      }
      if (pct != 0) {
        percent = 1L << 32;
      }
      i += 8;
    }
    while (i < to && b[i] != '\n') {
      if (b[i] == '%') {
        percent = 1L << 32;
      }
      i++;
    }
    return percent | i;
  }
}
