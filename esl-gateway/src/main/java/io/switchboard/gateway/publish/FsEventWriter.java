package io.switchboard.gateway.publish;

import io.switchboard.bus.FsEvent;
import io.switchboard.esl.EslEvent;
import java.nio.charset.StandardCharsets;

/**
 * Writes the {@link FsEvent} envelope straight from an {@link EslEvent}'s bytes: the forwarding
 * path never builds a String per header value, and field and header names are written from bytes
 * prepared once. The output reads back as the envelope {@code Json.encode(FsEvent)} gives, and is
 * the same bytes but for characters outside the BMP, which Jackson escapes as surrogate pairs and
 * this keeps as UTF-8 (tests hold the two together). This is the gateway's hottest code, written by
 * hand because Jackson's generator, made anew per event and copying byte by byte, cost half the
 * event loop.
 */
public final class FsEventWriter {
  private static final byte[] VERSION = ascii("{\"v\":" + FsEvent.VERSION);
  private static final byte[] SOCKET = ascii(",\"socket\":");
  private static final byte[] EPOCH = ascii(",\"epoch\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] RECEIVED_AT = ascii(",\"receivedAt\":");
  private static final byte[] NAME = ascii(",\"name\":");
  private static final byte[] SUBCLASS = ascii(",\"subclass\":");
  private static final byte[] HEADERS = ascii(",\"headers\":{");
  private static final byte[] BODY = ascii(",\"body\":");
  private static final int NAME_SLOTS = 512;
  private static final int POSITIONS = 256;

  /** A header name and its JSON form, {@code "Name":}. */
  private record EncodedName(String name, byte[] json) {}

  private final byte[] node;

  /**
   * Header names in their JSON form, direct-mapped by hash: a node repeats the same hundred-odd
   * names. A slot holds one immutable entry, so concurrent writers at worst encode a name twice.
   */
  private final EncodedName[] names = new EncodedName[NAME_SLOTS];

  private final EncodedName[] byPosition = new EncodedName[POSITIONS];

  public FsEventWriter(String node) {
    this.node = new JsonOut(64).raw(',').string("node").raw(':').string(node).toByteArray();
  }

  public byte[] write(EslEvent event, String socket, long epoch, long seq, long receivedAtMillis) {
    JsonOut out = new JsonOut(2048).raw(VERSION).raw(node);
    out.raw(SOCKET)
        .string(socket)
        .raw(EPOCH)
        .number(epoch)
        .raw(SEQ)
        .number(seq)
        .raw(RECEIVED_AT)
        .number(receivedAtMillis);
    String name = event.name();
    if (name != null) {
      out.raw(NAME).string(name);
    }
    String subclass = event.subclass();
    if (subclass != null) {
      out.raw(SUBCLASS).string(subclass);
    }
    out.raw(HEADERS);
    int[] position = {0};
    event.forEachHeaderUtf8(
        (header, value, offset, length) -> {
          int at = position[0]++;
          if (at > 0) {
            out.raw(',');
          }
          out.raw(encoded(header, at)).utf8String(value, offset, length);
        });
    out.raw('}');
    if (event.body() != null) {
      out.raw(BODY).string(event.body());
    }
    return out.raw('}').toByteArray();
  }

  /**
   * The JSON form of the header at {@code position}. Events of a kind list their headers in the
   * same order, and the parser hands out one String per name: the name last seen at the same
   * position, compared by identity, is the usual answer, without hashing.
   */
  private byte[] encoded(String header, int position) {
    EncodedName last = position < POSITIONS ? byPosition[position] : null;
    if (last != null && last.name() == header) {
      return last.json();
    }
    int slot = (header.hashCode() & 0x7fffffff) % NAME_SLOTS;
    EncodedName cached = names[slot];
    if (cached == null || !cached.name().equals(header)) {
      cached =
          new EncodedName(
              header, new JsonOut(header.length() + 8).string(header).raw(':').toByteArray());
      names[slot] = cached;
    }
    if (position < POSITIONS) {
      byPosition[position] = cached;
    }
    return cached.json();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
