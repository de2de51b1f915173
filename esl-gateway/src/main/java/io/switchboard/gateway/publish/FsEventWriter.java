package io.switchboard.gateway.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.switchboard.bus.FsEvent;
import io.switchboard.esl.EslEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the {@link FsEvent} envelope straight from an {@link EslEvent}'s bytes with Jackson's
 * streaming generator: the forwarding path never builds a String per header value. The output is
 * the same JSON that {@code Json.encode(FsEvent)} gives (tests hold the two together).
 */
public final class FsEventWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final SerializedString V = new SerializedString("v");
  private static final SerializedString NODE = new SerializedString("node");
  private static final SerializedString SOCKET = new SerializedString("socket");
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString RECEIVED_AT = new SerializedString("receivedAt");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString SUBCLASS = new SerializedString("subclass");
  private static final SerializedString HEADERS = new SerializedString("headers");
  private static final SerializedString BODY = new SerializedString("body");
  private static final int NAME_SLOTS = 512;

  private final String node;
  /**
   * Header names with their quoted, escaped UTF-8 form, direct-mapped by hash: a node repeats the
   * same hundred-odd names, and writing the ready bytes costs less than escaping each again. A
   * slot holds one immutable entry, so concurrent writers at worst encode a name twice.
   */
  private final SerializedString[] names = new SerializedString[NAME_SLOTS];

  public FsEventWriter(String node) {
    this.node = node;
  }

  private SerializedString serialized(String header) {
    int slot = (header.hashCode() & 0x7fffffff) % NAME_SLOTS;
    SerializedString cached = names[slot];
    if (cached == null || !cached.getValue().equals(header)) {
      cached = new SerializedString(header);
      names[slot] = cached;
    }
    return cached;
  }

  public byte[] write(EslEvent event, String socket, long seq, long receivedAtMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeFieldName(V);
      g.writeNumber(FsEvent.VERSION);
      g.writeFieldName(NODE);
      g.writeString(node);
      g.writeFieldName(SOCKET);
      g.writeString(socket);
      g.writeFieldName(SEQ);
      g.writeNumber(seq);
      g.writeFieldName(RECEIVED_AT);
      g.writeNumber(receivedAtMillis);
      String name = event.name();
      if (name != null) {
        g.writeFieldName(NAME);
        g.writeString(name);
      }
      String subclass = event.subclass();
      if (subclass != null) {
        g.writeFieldName(SUBCLASS);
        g.writeString(subclass);
      }
      g.writeFieldName(HEADERS);
      g.writeStartObject();
      event.forEachHeaderUtf8((header, value, offset, length) -> {
        try {
          g.writeFieldName(serialized(header));
          g.writeUTF8String(value, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      g.writeEndObject();
      if (event.body() != null) {
        g.writeFieldName(BODY);
        g.writeString(event.body());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
