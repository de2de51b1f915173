package io.switchboard.gateway.publish;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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

  private final String node;

  public FsEventWriter(String node) {
    this.node = node;
  }

  public byte[] write(EslEvent event, String socket, long seq, long receivedAtMillis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField("v", FsEvent.VERSION);
      g.writeStringField("node", node);
      g.writeStringField("socket", socket);
      g.writeNumberField("seq", seq);
      g.writeNumberField("receivedAt", receivedAtMillis);
      String name = event.name();
      if (name != null) {
        g.writeStringField("name", name);
      }
      String subclass = event.subclass();
      if (subclass != null) {
        g.writeStringField("subclass", subclass);
      }
      g.writeObjectFieldStart("headers");
      event.forEachHeaderUtf8((header, value, offset, length) -> {
        try {
          g.writeFieldName(header);
          g.writeUTF8String(value, offset, length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      g.writeEndObject();
      if (event.body() != null) {
        g.writeStringField("body", event.body());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
