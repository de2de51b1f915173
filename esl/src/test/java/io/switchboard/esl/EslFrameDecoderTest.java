package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames exactly as mod_event_socket.c writes them (the line of each format string is cited). */
class EslFrameDecoderTest {
  private static final String GOODBYE =
      "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<EslFrame> decode(String s) throws EslProtocolException {
    return Fixtures.decodeAll(ascii(s));
  }

  @Test
  void authRequestGreeting() throws Exception {
    // event_socket_runtime / listener_run: "Content-Type: auth/request\n\n"
    List<EslFrame> frames = decode("Content-Type: auth/request\n\n");
    assertEquals(1, frames.size());
    assertEquals("auth/request", frames.get(0).contentType());
    assertNull(frames.get(0).body());
  }

  @Test
  void commandReplies() throws Exception {
    // listener_run: "Content-Type: command/reply\nReply-Text: %s\n\n"
    List<EslFrame> frames =
        decode(
            "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"
                + "Content-Type: command/reply\nReply-Text: -ERR invalid\n\n");
    assertEquals(
        List.of("+OK accepted", "-ERR invalid"),
        frames.stream().map(f -> f.header("Reply-Text")).toList());
  }

  @Test
  void bgapiReplyCarriesJobUuidTwice() throws Exception {
    // parse_command bgapi: "~Reply-Text: +OK Job-UUID: %s\nJob-UUID: %s\n\n", '~' replaced by the
    // Content-Type line
    String uuid = "7f4db78a-17d7-11dd-b7a0-db4edd065621";
    EslFrame frame =
        decode(
                "Content-Type: command/reply\nReply-Text: +OK Job-UUID: "
                    + uuid
                    + "\nJob-UUID: "
                    + uuid
                    + "\n\n")
            .get(0);
    assertEquals("+OK Job-UUID: " + uuid, frame.header("Reply-Text"));
    assertEquals(uuid, frame.header("Job-UUID"));
    assertEquals(new EslReply(frame.header("Reply-Text"), frame).jobUuid(), uuid);
  }

  @Test
  void apiResponseBody() throws Exception {
    // api_exec: "Content-Type: api/response\nContent-Length: %d\n\n" + reply
    EslFrame frame =
        decode("Content-Type: api/response\nContent-Length: 14\n\n+OK [Success]\n").get(0);
    assertEquals("api/response", frame.contentType());
    assertEquals("+OK [Success]\n", frame.bodyText());
  }

  @Test
  void apiResponseWithEmptyBody() throws Exception {
    EslFrame frame = decode("Content-Type: api/response\nContent-Length: 0\n\n").get(0);
    assertNull(frame.body());
  }

  @Test
  void disconnectNotice() throws Exception {
    // send_disconnect: "Content-Type: text/disconnect-notice\nContent-Length: %d\n\n" + message
    EslFrame frame =
        decode("Content-Type: text/disconnect-notice\nContent-Length: 67\n\n" + GOODBYE).get(0);
    assertEquals("text/disconnect-notice", frame.contentType());
    assertEquals(GOODBYE, frame.bodyText());
  }

  @Test
  void lostEventsDisconnectNotice() throws Exception {
    // event_handler: kill_listener(l, "killed listener because of lost events\n")
    String message = "killed listener because of lost events\n";
    EslFrame frame =
        decode(
                "Content-Type: text/disconnect-notice\nContent-Length: "
                    + message.length()
                    + "\n\n"
                    + message)
            .get(0);
    assertEquals(message, frame.bodyText());
  }

  @Test
  void rudeRejection() throws Exception {
    // listener_run: "Content-Type: text/rude-rejection\nContent-Length: %d\n\n" + "Access Denied,
    // go away.\n"
    EslFrame frame =
        decode("Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n")
            .get(0);
    assertEquals("text/rude-rejection", frame.contentType());
    assertEquals("Access Denied, go away.\n", frame.bodyText());
  }

  @Test
  void logData() throws Exception {
    // read_packet: "Content-Type: log/data\nContent-Length: ..\nLog-Level: %d\nText-Channel:
    // %d\n..."
    String data = "2026-11-22 16:30:00.123456 [NOTICE] switch_core.c:1 hello\n";
    EslFrame frame =
        decode(
                "Content-Type: log/data\nContent-Length: "
                    + data.length()
                    + "\nLog-Level: 5\n"
                    + "Text-Channel: 0\nLog-File: switch_core.c\nLog-Func: switch_core_init\nLog-Line: 1\nUser-Data: \n\n"
                    + data)
            .get(0);
    assertEquals("log/data", frame.contentType());
    assertEquals("5", frame.header("Log-Level"));
    assertEquals("", frame.header("User-Data"));
    assertEquals(data, frame.bodyText());
  }

  @Test
  void lingerNoticeWithZeroLength() throws Exception {
    EslFrame frame =
        decode(
                "Content-Type: text/disconnect-notice\nControlled-Session-UUID: abc\n"
                    + "Content-Disposition: linger\nChannel-Name: sofia/x\nLinger-Time: 5\nContent-Length: 0\n\n")
            .get(0);
    assertEquals("linger", frame.header("Content-Disposition"));
    assertNull(frame.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"conference-add-member", "channel-create", "background-job"})
  void eventFramesInEveryFormat(String event) throws Exception {
    for (String format : List.of("plain", "json", "xml")) {
      byte[] bytes = Fixtures.bytes(event + "." + format);
      List<EslFrame> frames = Fixtures.decodeAll(bytes);
      assertEquals(1, frames.size(), format);
      assertEquals("text/event-" + format, frames.get(0).contentType());
      // event_handler: "Content-Length: %d\nContent-Type: text/event-%s\n\n"
      assertEquals("Content-Length", frames.get(0).headerName(0));
      int headerLength = new String(bytes, StandardCharsets.UTF_8).indexOf("\n\n") + 2;
      assertEquals(bytes.length - headerLength, frames.get(0).body().length);
    }
  }

  @Test
  void everySplitPointYieldsTheSameFrames() throws Exception {
    byte[] stream =
        concat(
            ascii("Content-Type: auth/request\n\n"),
            Fixtures.bytes("channel-create.plain"),
            ascii("Content-Type: api/response\nContent-Length: 14\n\n+OK [Success]\n"),
            Fixtures.bytes("background-job.json"));
    List<EslFrame> whole = Fixtures.decodeAll(stream);
    assertEquals(4, whole.size());
    for (int split = 1; split < stream.length; split += 7) {
      List<EslFrame> frames = new ArrayList<>();
      EslFrameDecoder decoder = new EslFrameDecoder(frames::add);
      decoder.feed(stream, 0, split);
      decoder.feed(stream, split, stream.length - split);
      assertSameFrames(whole, frames);
      assertEquals(0, decoder.buffered());
    }
    List<EslFrame> byteByByte = new ArrayList<>();
    EslFrameDecoder decoder = new EslFrameDecoder(byteByByte::add);
    for (int i = 0; i < stream.length; i++) {
      decoder.feed(stream, i, 1);
    }
    assertSameFrames(whole, byteByByte);
  }

  @Test
  void crlfLineEndsAndBlankLinesBetweenFrames() throws Exception {
    List<EslFrame> frames =
        decode(
            "\r\n\nContent-Type: command/reply\r\nReply-Text: +OK bye\r\n\r\n\n"
                + "Content-Type: api/response\r\nContent-Length: 3\r\n\r\nabc");
    assertEquals(2, frames.size());
    assertEquals("+OK bye", frames.get(0).header("Reply-Text"));
    assertEquals("abc", frames.get(1).bodyText());
  }

  @Test
  void headerNamesAreMatchedWithoutCase() throws Exception {
    EslFrame frame = decode("content-type: api/response\ncontent-length: 2\n\nok").get(0);
    assertEquals("api/response", frame.contentType());
    assertEquals("ok", frame.bodyText());
  }

  @Test
  void contentLengthAboveTheLimitIsRefusedBeforeBuffering() {
    EslFrameDecoder decoder = new EslFrameDecoder(1024, 4096, f -> {});
    byte[] header = ascii("Content-Type: api/response\nContent-Length: 4097\n\n");
    EslProtocolException e =
        assertThrows(EslProtocolException.class, () -> decoder.feed(header, 0, header.length));
    assertTrue(e.getMessage().contains("4097"), e.getMessage());
  }

  @Test
  void sixteenMegabytesIsTheDefaultLimit() {
    EslFrameDecoder decoder = new EslFrameDecoder(f -> {});
    byte[] header =
        ascii("Content-Type: api/response\nContent-Length: " + (16 * 1024 * 1024 + 1) + "\n\n");
    assertThrows(EslProtocolException.class, () -> decoder.feed(header, 0, header.length));
  }

  @Test
  void endlessHeaderBlockIsRefusedAtTheLimit() {
    EslFrameDecoder decoder = new EslFrameDecoder(1024, 4096, f -> {});
    byte[] line = ascii("X-Header: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
    EslProtocolException e =
        assertThrows(
            EslProtocolException.class,
            () -> {
              for (int i = 0; i < 1000; i++) {
                decoder.feed(line, 0, line.length);
              }
            });
    assertTrue(e.getMessage().contains("header block"), e.getMessage());
    assertTrue(decoder.buffered() <= 1024 + line.length, "buffered " + decoder.buffered());
  }

  @Test
  void garbageWithoutNewlinesNeverGrowsPastTheLimit() {
    EslFrameDecoder decoder = new EslFrameDecoder(f -> {});
    byte[] chunk = new byte[65536];
    java.util.Arrays.fill(chunk, (byte) 'x');
    assertThrows(
        EslProtocolException.class,
        () -> {
          for (int i = 0; i < 10_000; i++) {
            decoder.feed(chunk, 0, chunk.length);
          }
        });
    assertTrue(decoder.buffered() <= EslFrameDecoder.DEFAULT_MAX_HEADER_BYTES + chunk.length);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: -1\n\n",
        "Content-Length: 12abc\n\n",
        "Content-Length: \n\n",
        "Content-Length: 99999999999\n\n",
        "no colon here\n\n",
        ": empty name\n\n"
      })
  void malformedHeadersAreProtocolErrors(String frame) {
    assertThrows(EslProtocolException.class, () -> decode(frame));
  }

  @Test
  void aFailedDecoderRefusesFurtherInput() {
    EslFrameDecoder decoder = new EslFrameDecoder(f -> {});
    byte[] bad = ascii("garbage line\n\n");
    assertThrows(EslProtocolException.class, () -> decoder.feed(bad, 0, bad.length));
    byte[] good = ascii("Content-Type: auth/request\n\n");
    assertThrows(EslProtocolException.class, () -> decoder.feed(good, 0, good.length));
  }

  private static void assertSameFrames(List<EslFrame> expected, List<EslFrame> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).headers(), actual.get(i).headers());
      assertArrayEquals(expected.get(i).body(), actual.get(i).body());
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
