package io.switchboard.esl;

/**
 * Decodes the contents of a JSON string (between its quotes, already validated by {@link
 * FlatJsonEventScanner}) into UTF-8 bytes: the escapes cJSON writes ({@code \" \\ \/ \b \f \n \r \t
 * \\uXXXX}, surrogate pairs included) and raw UTF-8 passed through.
 */
final class JsonUnescaping {
  private JsonUnescaping() {}

  /** {@code dst} must hold at least {@code to - from} bytes (an escape never grows). */
  static int decode(byte[] src, int from, int to, byte[] dst) {
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = src[i];
      if (b != '\\') {
        dst[n++] = b;
        continue;
      }
      byte e = src[++i];
      switch (e) {
        case 'b' -> dst[n++] = '\b';
        case 'f' -> dst[n++] = '\f';
        case 'n' -> dst[n++] = '\n';
        case 'r' -> dst[n++] = '\r';
        case 't' -> dst[n++] = '\t';
        case 'u' -> {
          int cp = hex4(src, i + 1);
          i += 4;
          if (Character.isHighSurrogate((char) cp)
              && i + 6 < to
              && src[i + 1] == '\\'
              && src[i + 2] == 'u') {
            int low = hex4(src, i + 3);
            if (Character.isLowSurrogate((char) low)) {
              cp = Character.toCodePoint((char) cp, (char) low);
              i += 6;
            }
          }
          n = utf8(cp, dst, n);
        }
        default -> dst[n++] = e;
      }
    }
    return n;
  }

  static int hex4(byte[] src, int at) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(src[at + k], 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static int utf8(int cp, byte[] dst, int n) {
    if (cp < 0x80) {
      dst[n++] = (byte) cp;
    } else if (cp < 0x800) {
      dst[n++] = (byte) (0xC0 | (cp >> 6));
      dst[n++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      // A lone surrogate has no UTF-8 form; U+FFFD stands in for it, as Java's own encoder does.
      if (Character.isSurrogate((char) cp)) {
        cp = 0xFFFD;
      }
      dst[n++] = (byte) (0xE0 | (cp >> 12));
      dst[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      dst[n++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      dst[n++] = (byte) (0xF0 | (cp >> 18));
      dst[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      dst[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      dst[n++] = (byte) (0x80 | (cp & 0x3F));
    }
    return n;
  }
}
