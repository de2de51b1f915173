package io.switchboard.esl;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes the body of a {@code text/event-plain}, {@code text/event-json} or {@code text/event-xml}
 * frame into an {@link EslEvent}, following how FreeSWITCH writes each (switch_event.c:
 * switch_event_serialize, switch_event_serialize_json, switch_event_xmlize).
 *
 * <p>One parser per connection (it reuses a scratch buffer and a header-name cache).
 */
public final class EslEventParser {
  public static final String PLAIN = "text/event-plain";
  public static final String JSON = "text/event-json";
  public static final String XML = "text/event-xml";

  /** switch_event_serialize writes this in place of an empty value. */
  private static final String UNDEF = "_undef_";

  private static final int UNDEF_LENGTH = UNDEF.length();

  /** Interned by {@link HeaderNameCache}, so the parser can compare it by identity. */
  private static final String CONTENT_LENGTH = HeaderNameCache.CONTENT_LENGTH;

  private static final String ARRAY_PREFIX = "ARRAY::";
  private static final String ARRAY_SEPARATOR = "|:";
  private static final XMLInputFactory XML_FACTORY = newXmlFactory();

  private final HeaderNameCache names = new HeaderNameCache();
  private final RepeatDetector repeats = new RepeatDetector();
  private final FlatJsonEventScanner jsonScanner = new FlatJsonEventScanner(names, repeats);
  private String[] outNames = new String[64];
  private String[] outValues = new String[64];
  private int[] spans = new int[128];
  private int outCount;

  public static boolean isEvent(EslFrame frame) {
    String type = frame.contentType();
    return PLAIN.equals(type) || JSON.equals(type) || XML.equals(type);
  }

  public EslEvent parse(EslFrame frame) throws EslProtocolException {
    String type = frame.contentType();
    byte[] body = frame.body();
    if (body == null) {
      throw new EslProtocolException(type + " frame without a body");
    }
    if (PLAIN.equals(type)) {
      return parsePlain(body, 0, body.length);
    }
    if (JSON.equals(type)) {
      return jsonScanner.scan(body);
    }
    if (XML.equals(type)) {
      return parseXml(body);
    }
    throw new EslProtocolException("not an event frame: Content-Type " + type);
  }

  /**
   * The plain form: {@code Name: url-encoded value} lines, then either an empty line, or {@code
   * Content-Length: N}, an empty line and N bytes of body. Values are decoded when read, from
   * {@code buf}, which must therefore not be modified afterwards.
   */
  public EslEvent parsePlain(byte[] buf, int offset, int length) throws EslProtocolException {
    // Per line: find the colon, then the line's end and whether a '%' needs decoding, eight
    // bytes at a time; values stay in buf until read.
    outCount = 0;
    repeats.reset();
    int end = offset + length;
    int i = offset;
    String body = null;
    while (i < end) {
      int lineStart = i;
      int colon = headerColon(buf, lineStart, end, offset);
      if (colon < 0) {
        break;
      }
      i = colon + 1;
      while (i < end && buf[i] == ' ') {
        i++;
      }
      int valueStart = i;
      long scan = ByteScan.newlineAndPercent(buf, i, end);
      i = (int) scan;
      boolean percent = (scan >>> 32) != 0;
      int valueEnd = i;
      if (valueEnd > valueStart && buf[valueEnd - 1] == '\r') {
        valueEnd--;
      }
      i++;
      String name = names.name(buf, lineStart, colon);
      if (name == CONTENT_LENGTH) {
        body = plainBody(buf, parseLength(buf, valueStart, valueEnd), i, end);
        break;
      }
      addPlainValue(name, buf, valueStart, valueEnd, percent);
    }
    // The event reads its values from buf when they are asked for: buf must not change afterwards
    // (a frame's body is its own copy).
    return EslEvent.ofSpans(
        Arrays.copyOf(outNames, outCount),
        new String[outCount],
        Arrays.copyOf(spans, 2 * outCount),
        outCount,
        body,
        buf,
        repeats.repeated());
  }

  /**
   * The colon of the header line at {@code lineStart}, or -1 when it is the empty line that ends
   * the headers. {@code offset} is where the event starts, for the error's byte position.
   */
  private static int headerColon(byte[] buf, int lineStart, int end, int offset)
      throws EslProtocolException {
    int stop = ByteScan.colonOrNewline(buf, lineStart, end);
    if (stop >= end || buf[stop] == '\n') {
      if (stop == lineStart || (stop == lineStart + 1 && buf[lineStart] == '\r')) {
        return -1;
      }
      throw new EslProtocolException("malformed event header line at byte " + (lineStart - offset));
    }
    if (stop == lineStart) {
      throw new EslProtocolException("event header without a name at byte " + (lineStart - offset));
    }
    return stop;
  }

  /** The body after a {@code Content-Length} header; {@code i} is just past that header's line. */
  private static String plainBody(byte[] buf, int bodyLength, int i, int end)
      throws EslProtocolException {
    // The empty line between the headers and the body.
    if (i < end && buf[i] == '\r') {
      i++;
    }
    if (i < end && buf[i] == '\n') {
      i++;
    }
    if (bodyLength > end - i) {
      throw new EslProtocolException(
          "event body Content-Length "
              + bodyLength
              + " exceeds the "
              + (end - i)
              + " bytes left in the frame");
    }
    return new String(buf, i, bodyLength, StandardCharsets.UTF_8);
  }

  /**
   * Records where a value lies in buf; the flags tell {@link EslEvent} whether it needs
   * url-decoding or stands for an empty value, so neither is done for values nobody reads.
   */
  private void addPlainValue(String name, byte[] buf, int start, int end, boolean percent) {
    int flags = percent ? EslEvent.PERCENT : 0;
    if (!percent && end - start == UNDEF_LENGTH && buf[start] == '_' && isUndef(buf, start)) {
      flags = EslEvent.UNDEF;
    }
    addSpan(name, start | flags, end);
  }

  private void addSpan(String name, int start, int end) {
    if (outCount == outNames.length) {
      outNames = Arrays.copyOf(outNames, outCount * 2);
    }
    if (2 * outCount + 1 >= spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    repeats.add(name);
    outNames[outCount] = name;
    spans[2 * outCount] = start;
    spans[2 * outCount + 1] = end;
    outCount++;
  }

  private static boolean isUndef(byte[] buf, int from) {
    for (int k = 0; k < UNDEF_LENGTH; k++) {
      if (buf[from + k] != UNDEF.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * switch_event_xmlize: {@code <event><headers><Name>url-encoded</Name>...</headers>
   * <Content-Length>N</Content-Length><body>text</body></event>}; an array header is one element
   * per item.
   */
  private EslEvent parseXml(byte[] xml) throws EslProtocolException {
    outCount = 0;
    repeats.reset();
    String body = null;
    XMLStreamReader r = null;
    try {
      // Decoding the bytes here (bad UTF-8 becomes U+FFFD, as in the other formats) also keeps
      // the JDK's parser from printing "[Fatal Error]" lines to stderr, which it does for bad
      // bytes.
      r =
          XML_FACTORY.createXMLStreamReader(
              new StringReader(new String(xml, StandardCharsets.UTF_8)));
      int depth = 0;
      boolean inHeaders = false;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String element = r.getLocalName();
          if (depth == 1) {
            if (!element.equals("event")) {
              throw new EslProtocolException(
                  "event-xml root element is <" + element + ">, not <event>");
            }
          } else if (depth == 2 && element.equals("headers")) {
            inHeaders = true;
          } else if (depth == 2 && element.equals("body")) {
            body = r.getElementText();
            depth--;
          } else if (depth == 3 && inHeaders) {
            byte[] raw = r.getElementText().getBytes(StandardCharsets.UTF_8);
            byte[] decoded = new byte[raw.length];
            int n = PercentDecoding.decode(raw, 0, raw.length, decoded);
            addXmlHeader(element, new String(decoded, 0, n, StandardCharsets.UTF_8));
            depth--;
          } else if (depth == 2) {
            r.getElementText();
            depth--;
          } else {
            throw new EslProtocolException("unexpected element <" + element + "> in event-xml");
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          if (depth == 2) {
            inHeaders = false;
          }
          depth--;
        }
      }
    } catch (XMLStreamException e) {
      throw new EslProtocolException("malformed event-xml body: " + e.getMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing left to release
        }
      }
    }
    return build(body);
  }

  private void addXmlHeader(String name, String value) {
    if (outCount > 0 && outNames[outCount - 1].equals(name)) {
      String previous = outValues[outCount - 1];
      String items = previous.startsWith(ARRAY_PREFIX) ? previous : ARRAY_PREFIX + previous;
      outValues[outCount - 1] = items + ARRAY_SEPARATOR + value;
    } else {
      add(name, value);
    }
  }

  private void add(String name, String value) {
    if (outCount == outNames.length) {
      outNames = Arrays.copyOf(outNames, outCount * 2);
      outValues = Arrays.copyOf(outValues, outCount * 2);
    }
    repeats.add(name);
    outNames[outCount] = name;
    outValues[outCount++] = value;
  }

  private EslEvent build(String body) {
    EslEvent event =
        EslEvent.ofStrings(
            Arrays.copyOf(outNames, outCount),
            Arrays.copyOf(outValues, outCount),
            outCount,
            body,
            repeats.repeated());
    outCount = 0;
    return event;
  }

  private static int parseLength(byte[] buf, int from, int to) throws EslProtocolException {
    if (from >= to || to - from > 10) {
      throw new EslProtocolException("invalid event body Content-Length");
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        throw new EslProtocolException("invalid event body Content-Length");
      }
      n = n * 10 + d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new EslProtocolException("invalid event body Content-Length");
    }
    return (int) n;
  }

  private static XMLInputFactory newXmlFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // FreeSWITCH never sends a DTD; refusing them rules out entity expansion attacks.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }
}
