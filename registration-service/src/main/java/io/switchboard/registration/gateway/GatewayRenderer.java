package io.switchboard.registration.gateway;

import java.util.Map;

/**
 * Turns a room into its gateway: the name FreeSWITCH accepts (sofia.c parse_gateways: {@code
 * ^[\w\.\-\_]+$}), the file in the profile's gateway folder (BBB's external profile includes {@code
 * external/*.xml}), and the file's text with freshly issued credentials.
 */
public final class GatewayRenderer {
  /** What the registrar is told, from settings. */
  public record Registrar(
      String proxy, String realm, String transport, int expireSeconds, int retrySeconds) {
    /**
     * The host of a proxy written as host, host:port or [IPv6]:port (optionally {@code sip:} and
     * URI params): an IPv6 address keeps its brackets, as a realm and a SIP URI's host need them.
     */
    public static String hostOf(String proxy) {
      String h = proxy.replaceFirst("(?i)^sips?:", "").replaceFirst(";.*$", "");
      if (h.startsWith("[")) {
        return h.substring(0, h.indexOf(']') + 1);
      }
      int colon = h.lastIndexOf(':');
      return colon < 0 ? h : h.substring(0, colon);
    }
  }

  /** A rendered gateway; {@code content} holds the password and is never logged or published. */
  public record RoomGateway(String room, String name, String profile, String path, String content) {
    @Override
    public String toString() {
      return "RoomGateway[" + profile + "::" + name + "]";
    }
  }

  private final GatewayTemplate template;
  private final RoomCredentials credentials;
  private final Registrar registrar;
  private final String prefix;

  public GatewayRenderer(
      GatewayTemplate template, RoomCredentials credentials, Registrar registrar, String prefix) {
    this.template = template;
    this.credentials = credentials;
    this.registrar = registrar;
    this.prefix = prefix;
  }

  public String gatewayName(String room) {
    return prefix + room;
  }

  /** The file's path relative to FreeSWITCH's configuration folder. */
  public String path(String profile, String gateway) {
    return "sip_profiles/" + profile + "/" + gateway + ".xml";
  }

  public RoomGateway render(String room, String profile, long nowMillis) {
    String name = gatewayName(room);
    RoomCredentials.Credentials issued = credentials.issue(room, nowMillis);
    String content =
        template.render(
            Map.of(
                "gateway", name,
                "room", room,
                "username", issued.username(),
                "password", issued.password(),
                "proxy", registrar.proxy(),
                "realm", registrar.realm(),
                "transport", registrar.transport(),
                "expire_seconds", Integer.toString(registrar.expireSeconds()),
                "retry_seconds", Integer.toString(registrar.retrySeconds())));
    return new RoomGateway(room, name, profile, path(profile, name), content);
  }
}
