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
    String rest = withoutScheme(url.trim());
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
    // The last '@': a FreeSWITCH user is user@domain, so the user-info may contain '@' too.
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException(
          "ESL URL has no password: expected [fs://][[user]:password@]host[:port]");
    }
    String userInfo = rest.substring(0, at);
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
    HostPort hostPort = HostPort.parse(rest.substring(at + 1));
    return new EslUrl(user.isEmpty() ? null : user, password, hostPort.host, hostPort.port, events);
  }

  private static String withoutScheme(String url) {
    if (url.startsWith("fs://")) {
      return url.substring(5);
    }
    if (url.contains("://")) {
      throw new IllegalArgumentException(
          "ESL URL must start with fs:// (got scheme "
              + url.substring(0, url.indexOf("://"))
              + ")");
    }
    return url;
  }

  /** {@code host[:port]} or {@code [ipv6][:port]}; without a port, {@link #DEFAULT_PORT}. */
  private record HostPort(String host, int port) {
    static HostPort parse(String text) {
      HostPort parsed = text.startsWith("[") ? bracketed(text) : plain(text);
      if (parsed.host.isEmpty()) {
        throw new IllegalArgumentException("ESL URL has no host");
      }
      return parsed;
    }

    private static HostPort bracketed(String text) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("ESL URL has an unterminated IPv6 address");
      }
      String host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (after.isEmpty()) {
        return new HostPort(host, DEFAULT_PORT);
      }
      if (!after.startsWith(":")) {
        throw new IllegalArgumentException("ESL URL has text after the IPv6 address: " + after);
      }
      return new HostPort(host, parsePort(after.substring(1)));
    }

    private static HostPort plain(String text) {
      int portColon = text.lastIndexOf(':');
      if (portColon < 0) {
        return new HostPort(text, DEFAULT_PORT);
      }
      return new HostPort(text.substring(0, portColon), parsePort(text.substring(portColon + 1)));
    }
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
