package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches agree with a byte-by-byte reading at every position. */
class ByteScanTest {
  @Test
  void jsonAsciiStopAlsoStopsAtTheFirstByteAbove0x7f() {
    for (int at = 0; at < 20; at++) {
      byte[] b = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
      assertEquals(b.length, ByteScan.jsonAsciiStop(b, 0, b.length));
      b[at] = (byte) 0xc3;
      assertEquals(at, ByteScan.jsonAsciiStop(b, 0, b.length), "high byte at " + at);
      assertEquals(b.length, ByteScan.jsonAsciiStop(b, at + 1, b.length), "after it");
      b[at / 2] = '"';
      assertEquals(at / 2, ByteScan.jsonAsciiStop(b, 0, b.length), "a quote before it");
    }
  }

  @Test
  void jsonStringStopIsTheFirstQuoteBackslashOrControlByte() {
    String text = "plain text with \u00e9 then \" and \\ and \t end";
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < b.length; from++) {
      int expected = from;
      while (expected < b.length
          && b[expected] != '"'
          && b[expected] != '\\'
          && (b[expected] < 0 || b[expected] >= 0x20)) {
        expected++;
      }
      assertEquals(expected, ByteScan.jsonStringStop(b, from, b.length), "from " + from);
    }
  }
}
