package io.switchboard.esl;

/**
 * Reverses FreeSWITCH's switch_url_encode: {@code %XX} becomes the byte XX, everything else is
 * kept. A {@code %} not followed by two hex digits stays as it is (esl_url_decode in libesl reads
 * such input leniently too).
 */
final class PercentDecoding {
  private PercentDecoding() {}

  /**
   * Decodes {@code src[from, to)} into {@code dst} (at least {@code to - from} long); returns the
   * length.
   */
  static int decode(byte[] src, int from, int to, byte[] dst) {
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = src[i];
      if (b == '%' && i + 2 < to) {
        int hi = hex(src[i + 1]);
        int lo = hex(src[i + 2]);
        if (hi >= 0 && lo >= 0) {
          dst[n++] = (byte) ((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      dst[n++] = b;
    }
    return n;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }
}
