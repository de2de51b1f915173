package io.switchboard.balancer.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A BBB server of the pool as it stands on {@code bbb.servers} (key: its id). The secret is sealed
 * ({@code gcm1.<keyid>.<data>}); a tombstone removes the server.
 *
 * @param url the server's API URL, {@code https://host/bigbluebutton/api}
 * @param state enabled (takes new meetings), cordoned (keeps its meetings, takes no new ones) or
 *     disabled (none at all)
 * @param loadMultiplier how much one unit of meeting load weighs on this server (a small server
 *     2.0)
 * @param tag Scalelite's server tag (meetings asking for it with {@code meta_server-tag} go here),
 *     or null for an untagged server; absent from records written before tags existed
 */
public record ServerRecord(
    @JsonProperty("v") int v,
    String id,
    String url,
    String secret,
    PoolState state,
    double loadMultiplier,
    long updatedAt,
    String tag) {

  public static final int VERSION = 1;

  /** What the pool admin decided about a server. */
  public enum PoolState {
    @JsonProperty("enabled")
    ENABLED,
    @JsonProperty("cordoned")
    CORDONED,
    @JsonProperty("disabled")
    DISABLED
  }

  public ServerRecord withState(PoolState next, long now) {
    return new ServerRecord(VERSION, id, url, secret, next, loadMultiplier, now, tag);
  }

  public ServerRecord withLoadMultiplier(double next, long now) {
    return new ServerRecord(VERSION, id, url, secret, state, next, now, tag);
  }
}
