package io.switchboard.registration;

import io.switchboard.config.Setting;
import io.switchboard.security.CommandSealKey;
import io.switchboard.service.CommonSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of registration-service, declared once; docs/registration.md's table is checked
 * against it.
 */
public final class RegistrationSettings {
  private static final String IPV6_IN_BRACKETS =
      "have an IPv6 address in brackets, e.g. [2001:db8::5]:5060 (FreeSWITCH takes what follows"
          + " the last ':' for the port)";

  public static final Setting<String> HTTP_HOST =
      Setting.string("HTTP_HOST", "0.0.0.0", "address of the public port: the registrations API");
  public static final Setting<Integer> HTTP_PORT =
      Setting.integer(
              "HTTP_PORT", "8092", "public port: the registrations API (0 picks a free one)")
          .between(0, 65535);
  public static final Setting<String> ROOM_PATTERN =
      Setting.string(
              "REGISTRATION_ROOM_PATTERN",
              "^\\d{5,11}$",
              "conference names that are registered (BBB's voice bridges); other conferences are counted and ignored")
          .check(RegistrationSettings::compiles, "a Java regular expression");
  public static final Setting<String> REGISTRAR_PROXY =
      Setting.string(
              "REGISTRAR_PROXY",
              null,
              "the registrar as the gateways' `proxy`: host, host:port or [IPv6]:port")
          .required()
          .matches("[^\"<>&\\s]+", "a host[:port] without quotes, spaces or XML characters")
          .check(RegistrationSettings::ipv6InBrackets, IPV6_IN_BRACKETS);
  public static final Setting<String> REGISTRAR_REALM =
      Setting.string("REGISTRAR_REALM", null, "the gateways' `realm` (default: the proxy's host)")
          .matches("[^\"<>&\\s]+", "a realm without quotes, spaces or XML characters")
          .check(RegistrationSettings::ipv6InBrackets, IPV6_IN_BRACKETS);
  public static final Setting<String> REGISTRAR_TRANSPORT =
      Setting.string(
              "REGISTRAR_TRANSPORT", "udp", "the gateways' `register-transport`: udp, tcp or tls")
          .matches("udp|tcp|tls", "udp, tcp or tls");
  public static final Setting<Integer> EXPIRE_SECONDS =
      Setting.integer(
              "REGISTRAR_EXPIRE_SECONDS",
              "300",
              "the gateways' `expire-seconds`: the registration's lifetime, refreshed by FreeSWITCH")
          .between(5, 86400);
  public static final Setting<Integer> RETRY_SECONDS =
      Setting.integer(
              "REGISTRAR_RETRY_SECONDS",
              "30",
              "the gateways' `retry-seconds` after a failure (FreeSWITCH turns values under 5 into 30 and multiplies by the failures in a row)")
          .between(5, 86400);
  public static final Setting<List<String>> SECRET =
      Setting.repeated(
              "REGISTRAR_SECRET",
              "the registrar's auth_ephemeral secret the rooms' passwords derive from; the first of `REGISTRAR_SECRET`, `_1`, ... signs (see Rotation)")
          .required()
          .secret();
  public static final Setting<String> HMAC =
      Setting.string(
              "REGISTRAR_HMAC",
              "sha1",
              "the HMAC of the passwords, as auth_ephemeral's `sha_algorithm`: sha1 (0), sha256 (1), sha384 (2), sha512 (3)")
          .matches("sha1|sha256|sha384|sha512", "sha1, sha256, sha384 or sha512");
  public static final Setting<Duration> CREDENTIAL_LIFETIME =
      Setting.duration(
              "REGISTRAR_CREDENTIAL_LIFETIME",
              "7d",
              "how long a room's credentials stay valid at the registrar (the timestamp in its username); a room gets its gateway again with fresh ones after half of it (see Credentials)")
          .check(d -> d.toSeconds() >= 10, "be at least 10s");
  public static final Setting<String> GATEWAY_PREFIX =
      Setting.string(
              "REGISTRATION_GATEWAY_PREFIX",
              "conf_",
              "gateway names are this prefix and the room; also the gateway files' names")
          .matches(
              "[A-Za-z0-9_.-]{0,32}",
              "up to 32 letters, digits, '_', '.' or '-' (sofia.c's gateway names)");
  public static final Setting<Path> GATEWAY_TEMPLATE =
      Setting.path(
          "REGISTRATION_GATEWAY_TEMPLATE",
          null,
          "a file replacing the shipped gateway template (see Gateway template); checked on start");
  public static final Setting<String> PROFILE =
      Setting.string(
              "REGISTRATION_PROFILE",
              "external",
              "the sofia profile a node's gateways go in (its folder `sip_profiles/<profile>/` must be in the gateway's `FS_FILE_FOLDERS`)")
          .matches("[A-Za-z0-9_.-]+", "a sofia profile name");
  public static final Setting<List<String>> NODE_PROFILES =
      Setting.list(
              "REGISTRATION_NODE_PROFILES",
              "",
              "per-node profiles as `node=profile,...`, e.g. `bbb-3=external-ipv6` for a node registering over IPv6")
          .check(
              l -> l.stream().allMatch(e -> e.matches("[^=\\s]+=[A-Za-z0-9_.-]+")),
              "node=profile pairs separated by commas");
  public static final Setting<Duration> RESCAN_WINDOW =
      Setting.duration(
          "REGISTRATION_RESCAN_WINDOW",
          "500ms",
          "rooms created on one node within this window share one `sofia profile rescan`, and a"
              + " node's next rescan starts at least this long after its last ended");
  public static final Setting<Duration> COMMAND_TIMEOUT =
      Setting.duration(
              "REGISTRATION_COMMAND_TIMEOUT",
              "10s",
              "a command's expiry at the gateway, and how long its result is awaited before it is retried")
          .positive();
  public static final Setting<Duration> RETRY_MIN =
      Setting.duration(
              "REGISTRATION_RETRY_MIN", "1s", "first delay before a failed node's work is retried")
          .positive();
  public static final Setting<Duration> RETRY_MAX =
      Setting.duration(
              "REGISTRATION_RETRY_MAX",
              "30s",
              "longest delay between retries (the delay doubles up to it)")
          .positive();
  public static final Setting<Duration> RECONCILE_INTERVAL =
      Setting.duration(
              "REGISTRATION_RECONCILE_INTERVAL",
              "20s",
              "how often each connected node's conferences and gateways are compared with what should be registered (also when its gateway reconnects)")
          .positive();

  /** The common settings, then the service's own, in the order of the docs. */
  public static final List<Setting<?>> ALL = all();

  private RegistrationSettings() {}

  /** More than one ':' outside brackets is a bare IPv6 address, which sofia misreads. */
  private static boolean ipv6InBrackets(String address) {
    String rest = address.replaceFirst("(?i)^sips?:", "").replaceAll("\\[[^]]*]", "");
    return rest.indexOf(':') == rest.lastIndexOf(':');
  }

  private static boolean compiles(String regex) {
    try {
      java.util.regex.Pattern.compile(regex);
      return true;
    } catch (java.util.regex.PatternSyntaxException e) {
      return false;
    }
  }

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
    all.addAll(
        List.of(
            HTTP_HOST,
            HTTP_PORT,
            ROOM_PATTERN,
            REGISTRAR_PROXY,
            REGISTRAR_REALM,
            REGISTRAR_TRANSPORT,
            EXPIRE_SECONDS,
            RETRY_SECONDS,
            SECRET,
            HMAC,
            CREDENTIAL_LIFETIME,
            CommandSealKey.SETTING,
            GATEWAY_PREFIX,
            GATEWAY_TEMPLATE,
            PROFILE,
            NODE_PROFILES,
            RESCAN_WINDOW,
            COMMAND_TIMEOUT,
            RETRY_MIN,
            RETRY_MAX,
            RECONCILE_INTERVAL));
    return List.copyOf(all);
  }
}
