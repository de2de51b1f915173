package io.switchboard.esl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testkit.frames.EventFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Access to testkit's {@link EventFrames}: FreeSWITCH's bytes and what they must decode to. */
final class Fixtures {
  static final List<String> EVENTS = EventFrames.ALL;

  private Fixtures() {}

  /** {@code name} is {@code <event>.<format>}. */
  static byte[] bytes(String name) {
    int dot = name.lastIndexOf('.');
    return EventFrames.frame(name.substring(0, dot), name.substring(dot + 1));
  }

  record Expected(Map<String, String> headers, String body) {}

  static Expected expected(String event) {
    try {
      JsonNode root = new ObjectMapper().readTree(EventFrames.expected(event));
      Map<String, String> headers = new LinkedHashMap<>();
      root.get("headers")
          .fields()
          .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
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
