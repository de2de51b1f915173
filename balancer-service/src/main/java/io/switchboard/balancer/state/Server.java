package io.switchboard.balancer.state;

/**
 * A pool member as this balancer sees it: its record, its opened secret, and whether the poller
 * finds it online. Online is each instance's own observation (every instance polls every server).
 */
public final class Server {
  private volatile ServerRecord record;
  private volatile String secret;
  private volatile Boolean online;

  Server(ServerRecord record, String secret) {
    this.record = record;
    this.secret = secret;
  }

  void update(ServerRecord next, String nextSecret) {
    record = next;
    secret = nextSecret;
  }

  public ServerRecord record() {
    return record;
  }

  public String id() {
    return record.id();
  }

  /** The API URL without a trailing slash. */
  public String apiUrl() {
    String url = record.url();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String secret() {
    return secret;
  }

  /** Null until the first poll answered or failed. */
  public Boolean online() {
    return online;
  }

  public boolean isOnline() {
    return Boolean.TRUE.equals(online);
  }

  public void online(boolean value) {
    online = value;
  }

  /** Takes new meetings: enabled and online. */
  public boolean placeable() {
    return record.state() == ServerRecord.PoolState.ENABLED && isOnline();
  }

  /** Serves its existing meetings: not disabled, and online. */
  public boolean serving() {
    return record.state() != ServerRecord.PoolState.DISABLED && isOnline();
  }
}
