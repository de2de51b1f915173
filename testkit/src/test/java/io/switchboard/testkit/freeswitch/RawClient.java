package io.switchboard.testkit.freeswitch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately dumb event-socket client for testing the simulator byte by byte: it writes exactly
 * what it is given and reads exactly what comes back.
 */
final class RawClient implements AutoCloseable {
  /** One frame: its raw header block, headers, and body. */
  record Frame(String head, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }

    /** The headers of an event-plain body, still URL-encoded. */
    Map<String, String> plainEventHeaders() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        map.put(line.substring(0, colon), line.substring(colon + 2));
      }
      return map;
    }
  }

  private final Socket socket;
  private final BufferedInputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  static RawClient authenticated(FreeSwitchSimulator sim) throws IOException {
    RawClient client = new RawClient(sim.port());
    client.readFrame();
    client.send("auth ClueCon\n\n");
    client.readFrame();
    return client;
  }

  void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Exactly n bytes, as text. */
  String readBytes(int n) throws IOException {
    byte[] buf = in.readNBytes(n);
    if (buf.length < n) {
      throw new IOException("connection closed after " + buf.length + " of " + n + " bytes");
    }
    return new String(buf, StandardCharsets.UTF_8);
  }

  Frame readFrame() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      head.write(b);
      if (b == '\n' && previous == '\n') {
        break;
      }
      previous = b;
    }
    String headText = head.toString(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : headText.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    String body = "";
    if (headers.containsKey("Content-Length")) {
      body = readBytes(Integer.parseInt(headers.get("Content-Length")));
    }
    return new Frame(headText, headers, body);
  }

  /** The next event frame, skipping replies and log lines. */
  Frame readEvent() throws IOException {
    while (true) {
      Frame frame = readFrame();
      String type = frame.header("Content-Type");
      if (type != null && type.startsWith("text/event-")) {
        return frame;
      }
    }
  }

  /** True when the peer closed the connection (EOF) within the timeout. */
  boolean closedByPeer(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(10_000);
      }
    }
  }

  /** Whether nothing arrives within the timeout. */
  boolean silentFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
