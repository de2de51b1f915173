package io.switchboard.balancer.bbb;

/** A pool server did not answer a call usably; the message names the server, never its secret. */
public final class BbbCallException extends RuntimeException {
  private final String serverId;

  public BbbCallException(String serverId, String reason) {
    super("server " + serverId + " " + reason, null, false, false);
    this.serverId = serverId;
  }

  public String serverId() {
    return serverId;
  }
}
