package io.switchboard.gateway.publish;

import io.switchboard.esl.ByteScan;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte array that the envelope's JSON is written into: ready-made bytes, numbers, and
 * strings quoted and escaped as Jackson writes them (quote, backslash, b t n f r after a backslash,
 * other control characters as backslash-u00XX in uppercase hex, everything else as UTF-8), so that
 * the envelope stays byte for byte what {@code Json.encode(FsEvent)} gives. Runs that need no
 * escaping, most of every value, are copied whole.
 */
final class JsonOut {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /**
   * For bytes below 0x20 and the two specials: the letter after the backslash ('u': four hex digits
   * follow).
   */
  private static final byte[] ESCAPE = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPE[c] = 'u';
    }
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
  }

  private byte[] buf;
  private int size;

  JsonOut(int capacity) {
    buf = new byte[capacity];
  }

  JsonOut raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  JsonOut raw(char ascii) {
    ensure(1);
    buf[size++] = (byte) ascii;
    return this;
  }

  /** Written digit by digit from the end: three numbers per event, and no String for any. */
  JsonOut number(long n) {
    if (n < 0) {
      return raw(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    }
    int digits = 1;
    for (long rest = n / 10; rest != 0; rest /= 10) {
      digits++;
    }
    ensure(digits);
    int at = size + digits;
    size = at;
    long rest = n;
    do {
      buf[--at] = (byte) ('0' + rest % 10);
      rest /= 10;
    } while (rest != 0);
    return this;
  }

  JsonOut string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    quoted(utf8, 0, utf8.length, false);
    return this;
  }

  /**
   * A string given as UTF-8 bytes. Bytes that are not valid UTF-8 (a percent-decoded %FF, say)
   * become U+FFFD, as decoding them to a String would make them: the output stays valid JSON.
   */
  JsonOut utf8String(byte[] bytes, int offset, int length) {
    int mark = size;
    if (!quoted(bytes, offset, length, true)) {
      // Not ASCII (rare): whether it is valid UTF-8 or not, the String decides.
      size = mark;
      string(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }
    return this;
  }

  /**
   * The bytes in quotes, escaped; valid UTF-8 unless {@code asciiOnly}, which gives up (false) at
   * the first byte above 0x7f.
   */
  private boolean quoted(byte[] bytes, int offset, int length, boolean asciiOnly) {
    ensure(length + 2);
    buf[size++] = '"';
    int end = offset + length;
    int run = offset;
    while (run < end) {
      int stop =
          asciiOnly
              ? ByteScan.jsonAsciiStop(bytes, run, end)
              : ByteScan.jsonStringStop(bytes, run, end);
      ensure(stop - run + 7);
      System.arraycopy(bytes, run, buf, size, stop - run);
      size += stop - run;
      if (stop == end) {
        break;
      }
      int c = bytes[stop];
      if (c < 0) {
        return false;
      }
      byte letter = ESCAPE[c];
      buf[size++] = '\\';
      buf[size++] = letter;
      if (letter == 'u') {
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = HEX[c >> 4];
        buf[size++] = HEX[c & 0xf];
      }
      run = stop + 1;
    }
    ensure(1);
    buf[size++] = '"';
    return true;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(2 * buf.length, size + more));
    }
  }
}
