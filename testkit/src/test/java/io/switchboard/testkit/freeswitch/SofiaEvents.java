package io.switchboard.testkit.freeswitch;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An authenticated event socket subscribed to mod_sofia's gateway events: api replies are read
 * while the events that arrive meanwhile are kept, in order, for {@link #await}.
 */
final class SofiaEvents implements AutoCloseable {
  private final RawClient client;
  private final List<Map<String, String>> events = new ArrayList<>();
  private final Map<String, Integer> cursors = new HashMap<>();

  SofiaEvents(FreeSwitchSimulator sim) throws IOException {
    client = RawClient.authenticated(sim);
    client.send(
        "event plain CUSTOM sofia::gateway_state sofia::gateway_add sofia::gateway_delete "
            + "sofia::gateway_invalid_digest_req\n\n");
    client.readFrame();
  }

  /** The body of {@code api <command>}. */
  String api(String command) throws IOException {
    client.send("api " + command + "\n\n");
    while (true) {
      RawClient.Frame frame = client.readFrame();
      String type = frame.header("Content-Type");
      if ("api/response".equals(type)) {
        return frame.body();
      }
      if (type != null && type.startsWith("text/event-")) {
        events.add(decoded(frame));
      }
    }
  }

  /** The next event that matches, after the last one this method returned. */
  Map<String, String> await(Predicate<Map<String, String>> wanted) throws IOException {
    return next("", wanted);
  }

  /**
   * Events of {@code gateway} since the last call for it, until one matches {@code last}, that one
   * included. Each gateway has its own place in the stream, so waiting for one skips none of
   * another's.
   */
  List<Map<String, String>> until(String gateway, Predicate<Map<String, String>> last)
      throws IOException {
    List<Map<String, String>> seen = new ArrayList<>();
    while (true) {
      Map<String, String> event = next(gateway, e -> gateway.equals(e.get("Gateway")));
      seen.add(event);
      if (last.test(event)) {
        return seen;
      }
    }
  }

  private Map<String, String> next(String cursor, Predicate<Map<String, String>> wanted)
      throws IOException {
    int at = cursors.getOrDefault(cursor, 0);
    while (true) {
      while (at < events.size()) {
        Map<String, String> event = events.get(at++);
        if (wanted.test(event)) {
          cursors.put(cursor, at);
          return event;
        }
      }
      events.add(decoded(client.readEvent()));
    }
  }

  /** Header values as sent are URL-encoded (switch_event_serialize). */
  private static Map<String, String> decoded(RawClient.Frame frame) {
    Map<String, String> headers = new LinkedHashMap<>();
    frame
        .plainEventHeaders()
        .forEach((k, v) -> headers.put(k, URLDecoder.decode(v, StandardCharsets.UTF_8)));
    return headers;
  }

  /** Every event received so far, awaited or not. */
  List<Map<String, String>> all() {
    return List.copyOf(events);
  }

  static Predicate<Map<String, String>> state(String state) {
    return e -> state.equals(e.get("State"));
  }

  static Predicate<Map<String, String>> subclass(String subclass) {
    return e -> subclass.equals(e.get("Event-Subclass"));
  }

  /** "add", "delete", "invalid-digest", or the State with its Status: "FAILED 403". */
  static String describe(Map<String, String> e) {
    return switch (e.get("Event-Subclass")) {
      case "sofia::gateway_add" -> "add";
      case "sofia::gateway_delete" -> "delete";
      case "sofia::gateway_invalid_digest_req" -> "invalid-digest";
      default -> e.get("State") + (e.containsKey("Status") ? " " + e.get("Status") : "");
    };
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
