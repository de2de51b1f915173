package io.switchboard.testkit.freeswitch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An access list as mod_event_socket's {@code apply-inbound-acl} uses it: one acl.conf list with
 * default deny and an allow node per network. A connection from an address it does not allow is
 * refused before the greeting (mod_event_socket.c:2674-2691). No list allows everyone.
 */
final class InboundAcl {
  /** Only literal addresses: InetAddress.getByName must never reach a DNS server here. */
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  static final InboundAcl ALLOW_ALL = new InboundAcl(List.of());

  private record Network(byte[] address, int prefix) {
    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (address[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Network> allowed;

  private InboundAcl(List<Network> allowed) {
    this.allowed = allowed;
  }

  /**
   * The networks allowed, each a CIDR ({@code 10.0.0.0/8}, {@code ::1/128}), a single address, or
   * FreeSWITCH's {@code loopback.auto}.
   */
  static InboundAcl allowing(List<String> networks) {
    List<Network> parsed = new ArrayList<>();
    for (String network : networks) {
      if (network.equals("loopback.auto")) {
        parsed.add(parse("127.0.0.0/8"));
        parsed.add(parse("::1/128"));
      } else {
        parsed.add(parse(network));
      }
    }
    return new InboundAcl(List.copyOf(parsed));
  }

  private static Network parse(String cidr) {
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] address = literal(host);
    if (address == null) {
      throw new IllegalArgumentException(
          "ACL entry '" + cidr + "' is not an address, a CIDR or loopback.auto");
    }
    int prefix;
    try {
      prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("ACL entry '" + cidr + "' has a bad prefix length");
    }
    return new Network(address, prefix);
  }

  private static byte[] literal(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!LITERAL.matcher(bare).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(bare).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  boolean allows(String remoteAddress) {
    if (allowed.isEmpty()) {
      return true;
    }
    byte[] candidate = literal(remoteAddress);
    return candidate != null && allowed.stream().anyMatch(n -> n.contains(candidate));
  }
}
