package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A node's gateway and FreeSWITCH connection state, on the compacted {@code fs.nodes} keyed by node
 * id. Never carries a password: sockets are named by host and port only.
 *
 * @param connected whether at least one socket is connected and authenticated
 * @param since when {@code connected} last changed (epoch ms)
 * @param fsVersion FreeSWITCH's version as {@code version} reports it, when known
 * @param fsUptime FreeSWITCH's uptime line from {@code status}, when known
 * @param lastEventAt when the last event arrived on any socket (epoch ms), 0 when none yet
 */
@JsonPropertyOrder({
  "v",
  "node",
  "connected",
  "since",
  "fsVersion",
  "fsUptime",
  "lastEventAt",
  "sockets",
  "updatedAt"
})
public record NodeState(
    int v,
    String node,
    boolean connected,
    long since,
    String fsVersion,
    String fsUptime,
    long lastEventAt,
    List<Socket> sockets,
    long updatedAt) {
  public static final int VERSION = 1;

  /** One event-socket connection of the node. */
  @JsonPropertyOrder({"id", "address", "connected", "since", "subscriptions", "lastEventAt"})
  public record Socket(
      String id,
      String address,
      boolean connected,
      long since,
      List<String> subscriptions,
      long lastEventAt) {}
}
