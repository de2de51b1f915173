package io.switchboard.provisioning.phones;

/**
 * Where provisioned phones register: host, port and transport ({@code udp}, {@code tcp}, {@code
 * tls}).
 */
public record SipServer(String host, int port, String transport) {
  /**
   * A display name as a SIP quoted-string (RFC 3261 §25.1: {@code "} and {@code \} escaped as a
   * quoted-pair), so no name can close the quotes and change the address after it.
   */
  static String quoted(String displayName) {
    return "\"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code "name" <sip:user@host>}, as a SIP name-addr. */
  String nameAddr(String displayName, String user) {
    return quoted(displayName) + " <sip:" + user + "@" + host + ">";
  }
}
