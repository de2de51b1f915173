package io.switchboard.testkit.freeswitch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One command as mod_event_socket's read_packet parses it: the first line is the command, the
 * following {@code Name: value} lines are headers, and a Content-Length header brings a body.
 */
record InboundCommand(String line, Map<String, String> headers, String body) {
  InboundCommand {
    headers = new LinkedHashMap<>(headers);
  }

  /** Header lookup without case, as switch_event_get_header does. */
  String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
