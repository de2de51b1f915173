package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A FreeSWITCH event as published on {@code fs.events.*}: every header exactly as FreeSWITCH sent
 * it (names unchanged, values URL-decoded), the body, and where and when the gateway got it.
 *
 * @param v envelope version, {@value #VERSION}
 * @param node the node id of the gateway that received it (also the record key)
 * @param socket which of the node's event sockets it came from
 * @param epoch the connection's number, unique over the node's lifetime and growing with every
 *     connection: node + epoch + seq is the event's de-duplication key
 * @param seq per-connection sequence number, from 1, reset on reconnect
 * @param receivedAt epoch milliseconds when the gateway decoded it
 * @param name {@code Event-Name}
 * @param subclass {@code Event-Subclass} for CUSTOM events, else null
 * @param headers all headers in FreeSWITCH's order; array headers in FreeSWITCH's plain form {@code
 *     ARRAY::a|:b} whatever the subscription format
 * @param body the event body, or null
 */
@JsonPropertyOrder({
  "v",
  "node",
  "socket",
  "epoch",
  "seq",
  "receivedAt",
  "name",
  "subclass",
  "headers",
  "body"
})
public record FsEvent(
    int v,
    String node,
    String socket,
    long epoch,
    long seq,
    long receivedAt,
    String name,
    String subclass,
    Map<String, String> headers,
    String body) {
  public static final int VERSION = 1;

  public String header(String name) {
    return headers == null ? null : headers.get(name);
  }
}
