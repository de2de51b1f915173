package io.switchboard.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslEventParser;
import io.switchboard.esl.EslFrame;
import io.switchboard.esl.EslFrameDecoder;
import io.switchboard.testkit.frames.EventFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming writer yields the envelope Json.encode(FsEvent) describes. */
class FsEventWriterTest {
  @Test
  void sameEnvelopeAsTheRecordForEveryFixture() throws Exception {
    for (String name : EventFrames.ALL) {
      for (String format : List.of("plain", "json", "xml")) {
        byte[] bytes = EventFrames.frame(name, format);
        List<EslFrame> frames = new ArrayList<>();
        new EslFrameDecoder(frames::add).feed(bytes, 0, bytes.length);
        EslEvent event = new EslEventParser().parse(frames.get(0));
        byte[] written =
            new FsEventWriter("node-1")
                .write(event, "0", 1_700_000_000_123L, 42, 1_700_000_000_000L);
        FsEvent expected =
            new FsEvent(
                FsEvent.VERSION,
                "node-1",
                "0",
                1_700_000_000_123L,
                42,
                1_700_000_000_000L,
                event.name(),
                event.subclass(),
                event.headers(),
                event.body());
        assertEquals(new String(Json.encode(expected)), new String(written), name + " " + format);
      }
    }
  }

  @Test
  void valuesThatNeedEscapingOrAreNotUtf8AreWrittenAsJacksonWouldWriteThem() throws Exception {
    List<byte[]> values =
        new ArrayList<>(
            List.of(
                "say \"hi\" \\ back".getBytes(StandardCharsets.UTF_8),
                "\b\t\n\f\r\u0000\u0001\u001f\u007f end".getBytes(StandardCharsets.UTF_8),
                "caf\u00e9 \uD83D\uDE00 \u4e2d".getBytes(StandardCharsets.UTF_8),
                new byte[] {
                  'a', (byte) 0xff, 'b', (byte) 0xc3
                }, // not UTF-8: a lone 0xFF, a cut sequence
                new byte[0]));
    Random random = new Random(7);
    for (int n = 0; n < 300; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      values.add(bytes);
    }
    for (byte[] value : values) {
      EslEvent event =
          parsePlain(
              "Event-Name: CUSTOM\nEvent-Subclass: "
                  + percentEncoded("a \"b\"::c".getBytes(StandardCharsets.UTF_8))
                  + "\nOdd-"
                  + percentEncoded(new byte[] {'"'})
                  + ": "
                  + percentEncoded(value)
                  + "\nContent-Length: 4\n\n\"\\\u00e9\n");
      byte[] written = new FsEventWriter("node \"1\"").write(event, "sock\\0", 3, 1, 2);
      FsEvent expected =
          new FsEvent(
              FsEvent.VERSION,
              "node \"1\"",
              "sock\\0",
              3,
              1,
              2,
              event.name(),
              event.subclass(),
              event.headers(),
              event.body());
      // The same envelope once read; not always the same bytes: Jackson escapes a character
      // outside the BMP as two backslash-u surrogates, the writer keeps its four UTF-8 bytes.
      assertEquals(expected, Json.decode(written, FsEvent.class), HexFormat.of().formatHex(value));
    }
  }

  /** Every byte as %XX, which FreeSWITCH's URL decoding reads back. */
  private static String percentEncoded(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append('%').append(String.format("%02X", b & 0xff));
    }
    return sb.toString();
  }

  private static EslEvent parsePlain(String body) throws Exception {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    byte[] frame =
        ("Content-Length: " + payload.length + "\nContent-Type: text/event-plain\n\n" + body)
            .getBytes(StandardCharsets.UTF_8);
    List<EslFrame> frames = new ArrayList<>();
    new EslFrameDecoder(frames::add).feed(frame, 0, frame.length);
    return new EslEventParser().parse(frames.get(0));
  }
}
