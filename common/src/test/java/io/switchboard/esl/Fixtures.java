package io.switchboard.esl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event frames as FreeSWITCH writes them (src/test/resources/esl): the same three events in
 * each format, serialised as switch_event_serialize, switch_event_serialize_json and
 * switch_event_xmlize + switch_xml_toxml do, framed as mod_event_socket.c's event loop does,
 * with the decoded headers and body each must yield in *.expected.json.
 */
final class Fixtures {
  static final List<String> EVENTS = List.of("conference-add-member", "channel-create", "background-job");

  private Fixtures() { }

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/esl/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Expected(Map<String, String> headers, String body) { }

  static Expected expected(String event) {
    try {
      JsonNode root = new ObjectMapper().readTree(bytes(event + ".expected.json"));
      Map<String, String> headers = new LinkedHashMap<>();
      root.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
      JsonNode body = root.get("body");
      return new Expected(headers, body == null || body.isNull() ? null : body.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<EslFrame> decodeAll(byte[] bytes) throws EslProtocolException {
    List<EslFrame> frames = new ArrayList<>();
    new EslFrameDecoder(frames::add).feed(bytes, 0, bytes.length);
    return frames;
  }
}
