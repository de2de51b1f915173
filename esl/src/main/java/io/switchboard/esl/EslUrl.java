package io.switchboard.esl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An event-socket address in OpenSIPS freeswitch_scripting's syntax: {@code
 * [fs://][[user]:password@]host[:port][?event1[,event2]...]}.
 *
 * <p>The user part, when present, selects {@code userauth user:password} (FreeSWITCH's {@code
 * user@domain} form, so it may contain {@code @}); without it, {@code auth password}. The password
 * is everything between the first {@code :} of the user-info and its last {@code @}. An event name
 * containing {@code ::} is a CUSTOM subclass ({@code ?HEARTBEAT,conference::maintenance}). {@link
 * #toString()} never shows the password.
 */
public final class EslUrl {
  public static final int DEFAULT_PORT = 8021;

  private final String user;
  private final String password;
  private final String host;
  private final int port;
  private final List<String> events;

  public EslUrl(String user, String password, String host, int port, List<String> events) {
    this.user = user;
    this.password = Objects.requireNonNull(password, "password");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.events = List.copyOf(events);
  }

  public static EslUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("ESL URL is empty");
    }
    String rest = url.trim();
    if (rest.startsWith("fs://")) {
      rest = rest.substring(5);
    } else if (rest.contains("://")) {
      throw new IllegalArgumentException(
          "ESL URL must start with fs:// (got scheme "
              + rest.substring(0, rest.indexOf("://"))
              + ")");
    }
    List<String> events = List.of();
    int query = rest.indexOf('?');
    if (query >= 0) {
      events =
          Arrays.stream(rest.substring(query + 1).split(","))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .toList();
      rest = rest.substring(0, query);
    }
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(
          "ESL URL has no password: expected [fs://][[user]:password@]host[:port]");
    }
    String userInfo = rest.substring(0, at);
    String hostPort = rest.substring(at + 1);
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "ESL URL user-info must be [user]:password (the ':' is missing)");
    }
    String user = userInfo.substring(0, colon);
    String password = userInfo.substring(colon + 1);
    if (password.isEmpty()) {
      throw new IllegalArgumentException("ESL URL has an empty password");
    }
    String host;
    int port = DEFAULT_PORT;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("ESL URL has an unterminated IPv6 address");
      }
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("ESL URL has text after the IPv6 address: " + after);
        }
        port = parsePort(after.substring(1));
      }
    } else {
      int portColon = hostPort.lastIndexOf(':');
      if (portColon >= 0) {
        host = hostPort.substring(0, portColon);
        port = parsePort(hostPort.substring(portColon + 1));
      } else {
        host = hostPort;
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("ESL URL has no host");
    }
    return new EslUrl(user.isEmpty() ? null : user, password, host, port, events);
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ESL URL port must be 1-65535, got '" + text + "'");
    }
  }

  /** The user for {@code userauth}, or null for plain {@code auth}. */
  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Events to subscribe to, as given (subclasses contain {@code ::}). */
  public List<String> events() {
    return events;
  }

  /** {@code host:port}, safe to log and publish. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  public EslUrl withEvents(List<String> newEvents) {
    return new EslUrl(user, password, host, port, newEvents);
  }

  @Override
  public String toString() {
    return "fs://"
        + (user == null ? "" : user)
        + ":***@"
        + address()
        + (events.isEmpty() ? "" : "?" + String.join(",", events));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EslUrl u
        && Objects.equals(user, u.user)
        && password.equals(u.password)
        && host.equals(u.host)
        && port == u.port
        && events.equals(u.events);
  }

  @Override
  public int hashCode() {
    return Objects.hash(user, host, port, events);
  }
}
