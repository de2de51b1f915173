package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EslEventParserTest {
  static List<Object[]> eventsAndFormats() {
    List<Object[]> cases = new ArrayList<>();
    for (String event : Fixtures.EVENTS) {
      for (String format : List.of("plain", "json", "xml")) {
        cases.add(new Object[] {event, format});
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("eventsAndFormats")
  void everyFormatYieldsTheSameEvent(String event, String format) throws Exception {
    EslFrame frame = Fixtures.decodeAll(Fixtures.bytes(event + "." + format)).get(0);
    EslEvent parsed = new EslEventParser().parse(frame);
    Fixtures.Expected expected = Fixtures.expected(event);
    assertEquals(
        List.copyOf(expected.headers().entrySet()), List.copyOf(parsed.headers().entrySet()));
    assertEquals(expected.body(), parsed.body());
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("eventsAndFormats")
  void utf8ViewMatchesTheStrings(String event, String format) throws Exception {
    EslFrame frame = Fixtures.decodeAll(Fixtures.bytes(event + "." + format)).get(0);
    EslEvent parsed = new EslEventParser().parse(frame);
    Map<String, String> viaBytes = new LinkedHashMap<>();
    parsed.forEachHeaderUtf8(
        (name, bytes, off, len) ->
            viaBytes.putIfAbsent(name, new String(bytes, off, len, StandardCharsets.UTF_8)));
    assertEquals(
        List.copyOf(Fixtures.expected(event).headers().entrySet()),
        List.copyOf(viaBytes.entrySet()));
  }

  @Test
  void decodesWhatSwitchUrlEncodeEscaped() throws Exception {
    EslEvent event =
        parsePlain(
            "Event-Name: CUSTOM\nCaller-Caller-ID-Name: Zo%C3%AB%20M%C3%BCller\n"
                + "Event-Date-Local: 2026-11-22%2016%3A30%3A00\nvariable_sdp: v%3D0%0D%0Ao%3D-\n"
                + "Plus: a%2Bb\nLower: %c3%a9\n\n");
    assertEquals("Zoë Müller", event.header("Caller-Caller-ID-Name"));
    assertEquals("2026-11-22 16:30:00", event.header("Event-Date-Local"));
    assertEquals("v=0\r\no=-", event.header("variable_sdp"));
    assertEquals("a+b", event.header("Plus"));
    assertEquals("é", event.header("Lower"));
  }

  @Test
  void undefIsTheEmptyValue() throws Exception {
    // switch_event_serialize: *encode_buf == '\0' ? "_undef_" : encode_buf
    EslEvent event = parsePlain("Event-Name: BACKGROUND_JOB\nJob-Command-Arg: _undef_\n\n");
    assertEquals("", event.header("Job-Command-Arg"));
  }

  @Test
  void aLiteralPercentSequenceIsDecodedAsFreeSwitchOwnClientDoes() throws Exception {
    // switch_url_encode_opt leaves an existing %XX alone, so "100%25" arrives as is and decodes
    // to "100%" (libesl's esl_url_decode does the same): plain is lossy here, json is not.
    EslEvent event =
        parsePlain("Event-Name: CUSTOM\nvariable_x: 100%25%20sure\nBroken: 50%\nShort: %4\n\n");
    assertEquals("100% sure", event.header("variable_x"));
    assertEquals("50%", event.header("Broken"));
    assertEquals("%4", event.header("Short"));
  }

  @Test
  void bodyFollowsContentLengthAndIsNotAHeader() throws Exception {
    EslEvent event =
        parsePlain("Event-Name: BACKGROUND_JOB\nJob-UUID: u1\nContent-Length: 11\n\n-ERR oops\n\n");
    assertEquals("-ERR oops\n\n", event.body());
    assertNull(event.header("Content-Length"));
    assertEquals(2, event.headerCount());
    assertEquals("BACKGROUND_JOB", event.name());
  }

  @Test
  void customEventsHaveTheirSubclass() throws Exception {
    EslEvent event =
        parsePlain(
            "Event-Subclass: conference%3A%3Amaintenance\nEvent-Name: CUSTOM\nAction: add-member\n\n");
    assertEquals("conference::maintenance", event.subclass());
    assertEquals("CUSTOM", event.name());
  }

  @Test
  void jsonArraysBecomeFreeSwitchPlainArrays() throws Exception {
    EslEvent event =
        parse("json", "{\"Event-Name\":\"CUSTOM\",\"variable_list\":[\"a\",\"b\",\"c\"]}");
    assertEquals("ARRAY::a|:b|:c", event.header("variable_list"));
  }

  @Test
  void headersMapKeepsTheFirstOfRepeatedNames() throws Exception {
    EslEvent event = parsePlain("Event-Name: CUSTOM\nX: 1\nX: 2\n\n");
    assertEquals("1", event.header("X"));
    assertEquals(Map.of("Event-Name", "CUSTOM", "X", "1"), new LinkedHashMap<>(event.headers()));
    assertEquals(3, event.headerCount());
    List<String> visited = new java.util.ArrayList<>();
    event.forEachHeaderUtf8(
        (name, bytes, off, len) ->
            visited.add(name + "=" + new String(bytes, off, len, StandardCharsets.UTF_8)));
    assertEquals(
        List.of("Event-Name=CUSTOM", "X=1"),
        visited,
        "a repeated name is visited once, first value");
    List<String> visitedStrings = new java.util.ArrayList<>();
    event.forEachHeader((name, value) -> visitedStrings.add(name + "=" + value));
    assertEquals(visited, visitedStrings);
  }

  @Test
  void malformedBodiesAreProtocolErrors() {
    assertThrows(EslProtocolException.class, () -> parsePlain("no colon\n\n"));
    assertThrows(
        EslProtocolException.class, () -> parsePlain("Event-Name: X\nContent-Length: 50\n\nshort"));
    assertThrows(
        EslProtocolException.class, () -> parsePlain("Event-Name: X\nContent-Length: x1\n\n"));
    assertThrows(EslProtocolException.class, () -> parse("json", "[1,2]"));
    assertThrows(EslProtocolException.class, () -> parse("json", "{\"a\":{\"b\":1}}"));
    assertThrows(EslProtocolException.class, () -> parse("json", "{\"a\":\"b\""));
    assertThrows(
        EslProtocolException.class, () -> parse("xml", "<event><headers><A>1</headers></event>"));
    assertThrows(EslProtocolException.class, () -> parse("xml", "<other/>"));
    assertThrows(
        EslProtocolException.class,
        () ->
            parse(
                "xml",
                "<!DOCTYPE event [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><event><headers><A>&x;</A></headers></event>"));
  }

  @Test
  void aFrameThatIsNotAnEventIsRefused() {
    EslFrame frame =
        EslFrame.of(Map.of("Content-Type", "api/response"), "x".getBytes(StandardCharsets.UTF_8));
    assertThrows(EslProtocolException.class, () -> new EslEventParser().parse(frame));
  }

  private static EslEvent parsePlain(String body) throws EslProtocolException {
    return parse("plain", body);
  }

  private static EslEvent parse(String format, String body) throws EslProtocolException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Length", String.valueOf(bytes.length));
    headers.put("Content-Type", "text/event-" + format);
    return new EslEventParser().parse(EslFrame.of(headers, bytes));
  }
}
