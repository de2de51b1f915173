package io.switchboard.testkit.freeswitch;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads commands from a client as mod_event_socket.c's read_packet does: leading CR/LF are skipped,
 * a command ends at the second LF in a row (CRs between them do not count), a block reaching 10 MiB
 * is cut there, and a Content-Length header (at most MAX_CONTENT_LENGTH, 16 MiB) brings that many
 * body bytes. A Content-Length out of range ends the connection.
 */
final class CommandReader {
  static final int MAX_BLOCK = 10 * 1024 * 1024;
  static final int MAX_CONTENT_LENGTH = 16 * 1024 * 1024;

  /** The client sent what FreeSWITCH would drop the connection for. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message);
    }
  }

  private final Consumer<InboundCommand> sink;
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();
  private int newlines;
  private InboundCommand pendingHead;
  private int bodyRemaining;
  private ByteArrayOutputStream body;

  CommandReader(Consumer<InboundCommand> sink) {
    this.sink = sink;
  }

  void feed(Buffer data) throws Rejected {
    for (int i = 0; i < data.length(); i++) {
      byte b = data.getByte(i);
      if (bodyRemaining > 0) {
        body.write(b);
        if (--bodyRemaining == 0) {
          InboundCommand head = pendingHead;
          pendingHead = null;
          sink.accept(
              new InboundCommand(
                  head.line(), head.headers(), body.toString(StandardCharsets.UTF_8)));
        }
        continue;
      }
      if (block.size() == 0 && (b == '\r' || b == '\n')) {
        continue;
      }
      block.write(b);
      if (b == '\n') {
        newlines++;
      } else if (b != '\r') {
        newlines = 0;
      }
      if (newlines == 2 || block.size() >= MAX_BLOCK) {
        complete();
      }
    }
  }

  private void complete() throws Rejected {
    String text = block.toString(StandardCharsets.UTF_8);
    block.reset();
    newlines = 0;
    String[] lines = text.split("\r\n|\r|\n");
    String command = lines.length == 0 ? "" : lines[0];
    Map<String, String> headers = new LinkedHashMap<>();
    int contentLength = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (line.isEmpty() || colon < 0) {
        continue;
      }
      String name = line.substring(0, colon);
      String value = line.substring(colon + 1).replaceFirst("^ +", "");
      headers.put(name, value);
      if (name.equalsIgnoreCase("content-length")) {
        contentLength = atoi(value);
        if (contentLength < 0 || contentLength > MAX_CONTENT_LENGTH) {
          throw new Rejected("Rejecting Content-Length '" + value + "' (out of range)");
        }
      }
    }
    InboundCommand head = new InboundCommand(command, headers, null);
    if (contentLength > 0) {
      pendingHead = head;
      bodyRemaining = contentLength;
      body = new ByteArrayOutputStream(contentLength);
    } else {
      sink.accept(head);
    }
  }

  /** C's atoi: leading digits, 0 when there are none. */
  private static int atoi(String s) {
    String t = s.trim();
    int i = 0;
    boolean negative = false;
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      negative = t.charAt(i) == '-';
      i++;
    }
    long n = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i)) && n <= Integer.MAX_VALUE) {
      n = n * 10 + (t.charAt(i++) - '0');
    }
    n = Math.min(n, Integer.MAX_VALUE);
    return (int) (negative ? -n : n);
  }
}
