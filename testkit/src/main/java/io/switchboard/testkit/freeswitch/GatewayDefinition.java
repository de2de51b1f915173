package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code <gateway>} as mod_sofia's parse_gateways (sofia.c:3762-4215) reads its params: the
 * defaults, the lower bounds and the reasons it skips a gateway are FreeSWITCH's, applied to the
 * raw name and params the configuration holds.
 *
 * @param register false for NOREG ({@code register} read with switch_true)
 * @param registerProxy {@code register-proxy}: where REGISTERs go instead of {@code proxy}; null
 *     when unset
 * @param freq registration period from {@code expire-seconds} (under 5 becomes 3600)
 * @param expiresHeader the Expires value sent, which is {@code expire-seconds} as written
 * @param distinctTo {@code distinct-to}: REGISTERs go To register_to, else To the From
 */
record GatewayDefinition(
    String name,
    String profile,
    boolean register,
    String scheme,
    String realm,
    String username,
    String authUsername,
    String password,
    String extension,
    String proxy,
    String registerProxy,
    String outboundProxy,
    String from,
    String to,
    int freq,
    String expiresHeader,
    int retrySeconds,
    int fail908RetrySeconds,
    int timeoutSeconds,
    String context,
    boolean distinctTo) {

  /** sofia.c:3772, checked with switch_regex_match (PCRE: \w is [A-Za-z0-9_]). */
  private static final Pattern NAME = Pattern.compile("^[\\w\\.\\-\\_]+$");

  /** Why parse_gateways skipped a gateway, in the words of its log line; null when it did not. */
  static String rejection(String name, Map<String, String> params) {
    if (name == null || name.isEmpty() || !NAME.matcher(name).matches()) {
      return "Ignoring invalid name '" + name + "'";
    }
    if (switchTrue(params.getOrDefault("register", "true"))) {
      if (blank(params.get("username"))) {
        return "ERROR: username param is REQUIRED!";
      }
      if (blank(params.get("password"))) {
        return "ERROR: password param is REQUIRED!";
      }
    }
    return null;
  }

  /** The gateway parse_gateways builds; call only when {@link #rejection} is null. */
  static GatewayDefinition parse(String name, String profile, Map<String, String> params) {
    boolean register = switchTrue(params.getOrDefault("register", "true"));
    String proxy = params.get("proxy");
    String realm = params.get("realm");
    if (blank(realm)) {
      realm = blank(proxy) ? name : proxy;
    }
    // sofia.c:4003-4011: a NOREG gateway may leave out its credentials.
    String username = blank(params.get("username")) ? "FreeSWITCH" : params.get("username");
    String password = params.getOrDefault("password", "");
    String fromUser = blank(params.get("from-user")) ? username : params.get("from-user");
    if (blank(proxy)) {
      proxy = realm;
    }
    String authUsername =
        blank(params.get("auth-username")) ? username : params.get("auth-username");
    String extension = blank(params.get("extension")) ? username : params.get("extension");
    String bareProxy = proxy.regionMatches(true, 0, "sip:", 0, 4) ? proxy.substring(4) : proxy;
    String registerProxy =
        blank(params.get("register-proxy")) ? null : params.get("register-proxy");
    String fromDomain = params.get("from-domain");
    // sofia.c:4108-4109 and 4149-4153.
    String from = "<sip:" + fromUser + "@" + (blank(fromDomain) ? proxy : fromDomain) + ">";
    String to = "sip:" + username + "@" + bareProxy;
    String expires = params.getOrDefault("expire-seconds", "3600");
    int freq = atoi(expires);
    // sofia.c:4051-4068 and 4202-4207: nonsense periods fall back rather than fail.
    int retry =
        atoi(params.getOrDefault("retry-seconds", params.getOrDefault("retry_seconds", "30")));
    int timeout = atoi(params.getOrDefault("timeout-seconds", "60"));
    return new GatewayDefinition(
        name,
        profile,
        register,
        params.getOrDefault("scheme", "Digest"),
        realm,
        username,
        authUsername,
        password,
        extension,
        proxy,
        registerProxy,
        params.get("outbound-proxy"),
        from,
        to,
        freq < 5 ? 3600 : freq,
        expires,
        retry < 5 ? 30 : retry,
        atoi(params.getOrDefault("908-retry-seconds", "0")),
        timeout < 5 ? 60 : timeout,
        params.getOrDefault("context", "default"),
        switchTrue(params.get("distinct-to")));
  }

  /** The request URI of every REGISTER: gateway->register_url without a transport. */
  String registerUri() {
    return "sip:" + hostOf(proxy) + portSuffix(proxy);
  }

  /**
   * The hosts a digest challenge may legitimately come from (sofia_reg.c:2526
   * is_host_from_gateway).
   */
  List<String> challengeHosts() {
    List<String> hosts = new ArrayList<>();
    for (String cfg : new String[] {proxy, registerProxy, outboundProxy}) {
      if (!blank(cfg)) {
        hosts.add(hostOf(cfg));
      }
    }
    return hosts;
  }

  /** switch_utils.h:518 switch_true. */
  static boolean switchTrue(String expr) {
    if (expr == null) {
      return false;
    }
    String e = expr.toLowerCase(Locale.ROOT);
    return switch (e) {
      case "yes", "on", "true", "t", "enabled", "active", "allow" -> true;
      default -> e.matches("[+-]?[0-9]*\\.?[0-9]+") && atoi(e) != 0;
    };
  }

  /** C's atoi: leading digits, 0 when there are none. */
  static int atoi(String text) {
    String t = text == null ? "" : text.trim();
    int end = 0;
    if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) {
      end++;
    }
    while (end < t.length() && Character.isDigit(t.charAt(end))) {
      end++;
    }
    try {
      return Integer.parseInt(t.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String hostOf(String uriOrHost) {
    String h =
        uriOrHost
            .replaceFirst("(?i)^sips?:", "")
            .replaceFirst("^[^@]*@", "")
            .replaceFirst(";.*$", "");
    if (h.startsWith("[")) {
      return h.substring(0, h.indexOf(']') + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  static int portOf(String uriOrHost) {
    String h =
        uriOrHost
            .replaceFirst("(?i)^sips?:", "")
            .replaceFirst("^[^@]*@", "")
            .replaceFirst(";.*$", "");
    int colon = h.lastIndexOf(':');
    if (colon < 0 || h.endsWith("]")) {
      return 5060;
    }
    return atoi(h.substring(colon + 1));
  }

  private static String portSuffix(String uriOrHost) {
    int port = portOf(uriOrHost);
    return port == 5060 ? "" : ":" + port;
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }
}
