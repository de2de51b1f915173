package io.switchboard.esl;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits the byte stream FreeSWITCH's mod_event_socket writes into {@link EslFrame}s.
 *
 * <p>A frame is header lines ended by an empty line; {@code Content-Length: N} in the headers means
 * N body bytes follow (mod_event_socket.c builds every frame this way: api/response, text/event-*,
 * log/data, text/disconnect-notice). Lines may end in CRLF as well as LF, and blank lines between
 * frames are skipped, as FreeSWITCH's own read_packet does.
 *
 * <p>Bounded: a header block longer than {@code maxHeaderBytes} or a Content-Length above {@code
 * maxContentLength} (FreeSWITCH's own MAX_CONTENT_LENGTH is 16 MiB) is an {@link
 * EslProtocolException}, raised before the bytes are buffered, so a hostile or broken peer can
 * never make the decoder hold more than about the two limits together.
 *
 * <p>Not thread-safe: one decoder per connection, fed from that connection's event loop.
 */
public final class EslFrameDecoder {
  public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024 * 1024;
  private static final int MAX_HEADERS = 4096;

  private final int maxHeaderBytes;
  private final int maxContentLength;
  private final Consumer<EslFrame> sink;
  private final HeaderNameCache names = new HeaderNameCache();

  private byte[] buf = new byte[16 * 1024];
  private int start;
  private int end;

  /** Where the search for the end of the current header block resumes. */
  private int scan;

  /** Body bytes still expected for {@link #pendingNames}; -1 while reading headers. */
  private int bodyLength = -1;

  private String[] pendingNames;
  private String[] pendingValues;
  private int pendingCount;
  private boolean failed;

  public EslFrameDecoder(Consumer<EslFrame> sink) {
    this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONTENT_LENGTH, sink);
  }

  public EslFrameDecoder(int maxHeaderBytes, int maxContentLength, Consumer<EslFrame> sink) {
    if (maxHeaderBytes < 64 || maxContentLength < 0) {
      throw new IllegalArgumentException(
          "maxHeaderBytes must be at least 64 and maxContentLength not negative");
    }
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxContentLength = maxContentLength;
    this.sink = sink;
  }

  public void feed(Buffer data) throws EslProtocolException {
    int len = data.length();
    ensureRoom(len);
    data.getBytes(0, len, buf, end);
    end += len;
    drain();
  }

  public void feed(byte[] data, int offset, int length) throws EslProtocolException {
    ensureRoom(length);
    System.arraycopy(data, offset, buf, end, length);
    end += length;
    drain();
  }

  /** Bytes received but not yet part of a complete frame. */
  public int buffered() {
    return end - start;
  }

  private void ensureRoom(int incoming) throws EslProtocolException {
    if (failed) {
      throw new EslProtocolException("decoder already failed on this connection");
    }
    if (buf.length - end >= incoming) {
      return;
    }
    int live = end - start;
    int needed = live + incoming;
    if (needed <= buf.length && start > 0) {
      compact();
      return;
    }
    // Never grow beyond what one frame may legally need plus the chunk being fed.
    long ceiling = (long) maxHeaderBytes + maxContentLength + incoming;
    if (needed > ceiling) {
      fail("more than " + ceiling + " bytes buffered without a complete frame");
    }
    int capacity = (int) Math.min(ceiling, Math.max((long) buf.length * 2, needed));
    byte[] grown = new byte[capacity];
    System.arraycopy(buf, start, grown, 0, live);
    scan -= start;
    buf = grown;
    start = 0;
    end = live;
  }

  private void compact() {
    int live = end - start;
    System.arraycopy(buf, start, buf, 0, live);
    scan -= start;
    start = 0;
    end = live;
  }

  private void drain() throws EslProtocolException {
    while (true) {
      if (bodyLength < 0) {
        if (!readHeaders()) {
          break;
        }
      }
      if (bodyLength >= 0) {
        if (end - start < bodyLength) {
          break;
        }
        byte[] body = Arrays.copyOfRange(buf, start, start + bodyLength);
        start += bodyLength;
        bodyLength = -1;
        emit(body);
      }
    }
    if (start == end) {
      start = 0;
      end = 0;
      scan = 0;
    } else if (start > buf.length / 2) {
      compact();
    }
  }

  /** Parses one header block when complete; false when more bytes are needed. */
  private boolean readHeaders() throws EslProtocolException {
    // Blank lines between frames carry nothing (FreeSWITCH skips them too).
    while (start < end && (buf[start] == '\n' || buf[start] == '\r')) {
      start++;
    }
    if (scan < start) {
      scan = start;
    }
    int blockEnd = -1;
    int next = -1;
    for (int i = scan; i < end; i++) {
      if (buf[i] == '\n') {
        int j = i + 1;
        if (j < end && buf[j] == '\r') {
          j++;
        }
        if (j < end && buf[j] == '\n') {
          blockEnd = i;
          next = j + 1;
          break;
        }
        if (j >= end) {
          // The blank line may still be on its way: look at this newline again next time.
          scan = i;
          break;
        }
      }
      scan = i + 1;
    }
    if (blockEnd < 0) {
      if (end - start > maxHeaderBytes) {
        fail("header block longer than " + maxHeaderBytes + " bytes");
      }
      return false;
    }
    if (blockEnd - start > maxHeaderBytes) {
      fail("header block longer than " + maxHeaderBytes + " bytes");
    }
    int contentLength = parseHeaderLines(start, blockEnd);
    start = next;
    scan = next;
    if (contentLength > 0) {
      bodyLength = contentLength;
    } else {
      emit(null);
    }
    return true;
  }

  private int parseHeaderLines(int from, int to) throws EslProtocolException {
    pendingNames = new String[8];
    pendingValues = new String[8];
    pendingCount = 0;
    int contentLength = 0;
    int lineStart = from;
    while (lineStart <= to) {
      int lineEnd = indexOf(buf, '\n', lineStart, to);
      if (lineEnd < 0) {
        lineEnd = to;
      }
      int contentEnd = lineEnd;
      if (contentEnd > lineStart && buf[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (contentEnd > lineStart) {
        int colon = indexOf(buf, ':', lineStart, contentEnd);
        if (colon <= lineStart) {
          fail("malformed header line '" + printable(lineStart, contentEnd) + "'");
        }
        int valueStart = colon + 1;
        while (valueStart < contentEnd && (buf[valueStart] == ' ' || buf[valueStart] == '\t')) {
          valueStart++;
        }
        String name = names.name(buf, lineStart, colon);
        String value = new String(buf, valueStart, contentEnd - valueStart, StandardCharsets.UTF_8);
        if (name.equalsIgnoreCase("Content-Length")) {
          contentLength = parseContentLength(value);
        }
        add(name, value);
      }
      lineStart = lineEnd + 1;
    }
    return contentLength;
  }

  private void add(String name, String value) throws EslProtocolException {
    if (pendingCount == pendingNames.length) {
      if (pendingCount >= MAX_HEADERS) {
        fail("more than " + MAX_HEADERS + " headers in one frame");
      }
      pendingNames = Arrays.copyOf(pendingNames, pendingCount * 2);
      pendingValues = Arrays.copyOf(pendingValues, pendingCount * 2);
    }
    pendingNames[pendingCount] = name;
    pendingValues[pendingCount++] = value;
  }

  private int parseContentLength(String value) throws EslProtocolException {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 10) {
      fail("invalid Content-Length '" + v + "'");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        fail("invalid Content-Length '" + v + "'");
      }
      n = n * 10 + (c - '0');
    }
    if (n > maxContentLength) {
      fail("Content-Length " + n + " exceeds the limit of " + maxContentLength + " bytes");
    }
    return (int) n;
  }

  private void emit(byte[] body) {
    EslFrame frame = new EslFrame(pendingNames, pendingValues, pendingCount, body);
    pendingNames = null;
    pendingValues = null;
    pendingCount = 0;
    sink.accept(frame);
  }

  private void fail(String message) throws EslProtocolException {
    failed = true;
    throw new EslProtocolException(message);
  }

  private String printable(int from, int to) {
    int shown = Math.min(to - from, 80);
    StringBuilder sb = new StringBuilder(shown);
    for (int i = from; i < from + shown; i++) {
      byte b = buf[i];
      sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
    }
    return sb.toString();
  }

  static int indexOf(byte[] bytes, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
