package io.switchboard.esl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Decodes the body of a {@code text/event-plain}, {@code text/event-json} or
 * {@code text/event-xml} frame into an {@link EslEvent}, following how FreeSWITCH writes each
 * (switch_event.c: switch_event_serialize, switch_event_serialize_json, switch_event_xmlize).
 *
 * <p>One parser per connection (it reuses a scratch buffer and a header-name cache).
 */
public final class EslEventParser {
  public static final String PLAIN = "text/event-plain";
  public static final String JSON = "text/event-json";
  public static final String XML = "text/event-xml";

  /** switch_event_serialize writes this in place of an empty value. */
  private static final String UNDEF = "_undef_";
  private static final String ARRAY_PREFIX = "ARRAY::";
  private static final String ARRAY_SEPARATOR = "|:";
  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final XMLInputFactory XML_FACTORY = newXmlFactory();

  private final HeaderNameCache names = new HeaderNameCache();
  private byte[] scratch = new byte[512];
  private String[] outNames = new String[64];
  private String[] outValues = new String[64];
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
      return parseJson(body);
    }
    if (XML.equals(type)) {
      return parseXml(body);
    }
    throw new EslProtocolException("not an event frame: Content-Type " + type);
  }

  /**
   * The plain form: {@code Name: url-encoded value} lines, then either an empty line, or
   * {@code Content-Length: N}, an empty line and N bytes of body.
   */
  public EslEvent parsePlain(byte[] buf, int offset, int length) throws EslProtocolException {
    outCount = 0;
    int end = offset + length;
    int i = offset;
    String body = null;
    while (i < end) {
      int lineEnd = EslFrameDecoder.indexOf(buf, '\n', i, end);
      if (lineEnd < 0) {
        lineEnd = end;
      }
      int contentEnd = lineEnd;
      if (contentEnd > i && buf[contentEnd - 1] == '\r') {
        contentEnd--;
      }
      if (contentEnd == i) {
        break;
      }
      int colon = EslFrameDecoder.indexOf(buf, ':', i, contentEnd);
      if (colon <= i) {
        throw new EslProtocolException("malformed event header line at byte " + (i - offset));
      }
      int valueStart = colon + 1;
      while (valueStart < contentEnd && buf[valueStart] == ' ') {
        valueStart++;
      }
      String name = names.name(buf, i, colon);
      i = lineEnd + 1;
      if (name.equals("Content-Length")) {
        int bodyLength = parseLength(buf, valueStart, contentEnd);
        // The empty line between the headers and the body.
        if (i < end && buf[i] == '\r') {
          i++;
        }
        if (i < end && buf[i] == '\n') {
          i++;
        }
        if (bodyLength > end - i) {
          throw new EslProtocolException("event body Content-Length " + bodyLength + " exceeds the "
              + (end - i) + " bytes left in the frame");
        }
        body = new String(buf, i, bodyLength, StandardCharsets.UTF_8);
        break;
      }
      String value = urlDecode(buf, valueStart, contentEnd);
      add(name, UNDEF.equals(value) ? "" : value);
    }
    return build(body);
  }

  private EslEvent parseJson(byte[] json) throws EslProtocolException {
    outCount = 0;
    String body = null;
    try (JsonParser p = JSON_FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EslProtocolException("event-json body is not a JSON object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        String text;
        if (value == JsonToken.START_ARRAY) {
          StringBuilder sb = new StringBuilder(ARRAY_PREFIX);
          boolean first = true;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!p.currentToken().isScalarValue()) {
              throw new EslProtocolException("event-json header " + name + " has a nested value");
            }
            if (!first) {
              sb.append(ARRAY_SEPARATOR);
            }
            sb.append(p.getText());
            first = false;
          }
          text = sb.toString();
        } else if (value != null && value.isScalarValue()) {
          text = p.getText();
        } else {
          throw new EslProtocolException("event-json header " + name + " is not a string or an array");
        }
        if (name.equals("_body")) {
          body = text;
        } else if (!name.equals("Content-Length")) {
          add(name, text);
        }
      }
      if (token != JsonToken.END_OBJECT) {
        throw new EslProtocolException("event-json body is not a complete JSON object");
      }
    } catch (IOException e) {
      throw new EslProtocolException("malformed event-json body: " + e.getMessage(), e);
    }
    return build(body);
  }

  /**
   * switch_event_xmlize: {@code <event><headers><Name>url-encoded</Name>...</headers>
   * <Content-Length>N</Content-Length><body>text</body></event>}; an array header is one element
   * per item.
   */
  private EslEvent parseXml(byte[] xml) throws EslProtocolException {
    outCount = 0;
    String body = null;
    XMLStreamReader r = null;
    try {
      r = XML_FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml), "UTF-8");
      int depth = 0;
      boolean inHeaders = false;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String element = r.getLocalName();
          if (depth == 1) {
            if (!element.equals("event")) {
              throw new EslProtocolException("event-xml root element is <" + element + ">, not <event>");
            }
          } else if (depth == 2 && element.equals("headers")) {
            inHeaders = true;
          } else if (depth == 2 && element.equals("body")) {
            body = r.getElementText();
            depth--;
          } else if (depth == 3 && inHeaders) {
            byte[] raw = r.getElementText().getBytes(StandardCharsets.UTF_8);
            addXmlHeader(element, urlDecode(raw, 0, raw.length));
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
    outNames[outCount] = name;
    outValues[outCount++] = value;
  }

  private EslEvent build(String body) {
    EslEvent event = new EslEvent(Arrays.copyOf(outNames, outCount), Arrays.copyOf(outValues, outCount), outCount, body);
    outCount = 0;
    return event;
  }

  /**
   * Reverses switch_url_encode: {@code %XX} becomes the byte XX, everything else stays; the bytes
   * are UTF-8. A {@code %} not followed by two hex digits is kept as it is.
   */
  private String urlDecode(byte[] buf, int from, int to) {
    int percent = EslFrameDecoder.indexOf(buf, '%', from, to);
    if (percent < 0) {
      return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
    int len = to - from;
    if (scratch.length < len) {
      scratch = new byte[Math.max(len, scratch.length * 2)];
    }
    int n = percent - from;
    System.arraycopy(buf, from, scratch, 0, n);
    for (int i = percent; i < to; i++) {
      byte b = buf[i];
      if (b == '%' && i + 2 < to) {
        int hi = hex(buf[i + 1]);
        int lo = hex(buf[i + 2]);
        if (hi >= 0 && lo >= 0) {
          scratch[n++] = (byte) ((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      scratch[n++] = b;
    }
    return new String(scratch, 0, n, StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
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
