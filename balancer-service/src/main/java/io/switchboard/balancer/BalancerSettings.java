package io.switchboard.balancer;

import io.switchboard.config.Setting;
import io.switchboard.service.CommonSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every setting of the balancer, declared once; docs/balancer.md's table is checked against it. */
public final class BalancerSettings {
  public static final Setting<String> HTTP_HOST =
      Setting.string(
          "HTTP_HOST", "0.0.0.0", "address of the public port: the BBB API and the admin API");
  public static final Setting<Integer> HTTP_PORT =
      Setting.integer(
              "HTTP_PORT",
              "8090",
              "public port: the BBB API and the admin API (0 picks a free one)")
          .between(0, 65535);
  public static final Setting<List<String>> SECRET =
      Setting.repeated(
              "BALANCER_SECRET",
              "the shared secret clients sign with; `BALANCER_SECRET_1`, `_2`, ... are valid at the same time (rotation)")
          .required()
          .secret();
  public static final Setting<List<String>> CHECKSUM_ALGORITHMS =
      Setting.list(
              "BALANCER_CHECKSUM_ALGORITHMS",
              "sha1,sha256,sha384,sha512",
              "checksums accepted from clients (BBB tells them apart by length)")
          .check(l -> !l.isEmpty(), "name at least one of sha1, sha256, sha384, sha512");
  public static final Setting<List<String>> STATE_KEY =
      Setting.repeated(
              "BALANCER_STATE_KEY",
              "base64 AES key (16, 24 or 32 bytes, e.g. `openssl rand -base64 32`) sealing BBB server secrets and create "
                  + "parameters on Kafka; older keys as `BALANCER_STATE_KEY_1`, ... still open what they sealed")
          .required()
          .secret();
  public static final Setting<String> INSTANCE_ID =
      Setting.string(
              "BALANCER_INSTANCE_ID",
              null,
              "names this instance's Kafka clients and consumer group (default `balancer-<random>`); set it to keep one group "
                  + "across restarts")
          .matches("[A-Za-z0-9._-]{1,64}", "up to 64 letters, digits, '.', '_' or '-'");
  public static final Setting<Duration> POLL_INTERVAL =
      Setting.duration(
              "BALANCER_POLL_INTERVAL", "10s", "how often every server's `getMeetings` is polled")
          .positive();
  public static final Setting<Duration> POLL_TIMEOUT =
      Setting.duration("BALANCER_POLL_TIMEOUT", "5s", "time limit of one poll").positive();
  public static final Setting<Integer> POLL_CONCURRENCY =
      Setting.integer("BALANCER_POLL_CONCURRENCY", "16", "servers polled at the same time")
          .atLeast(1);
  public static final Setting<Integer> OFFLINE_AFTER =
      Setting.integer(
              "BALANCER_OFFLINE_AFTER",
              "2",
              "failed polls in a row that turn a server offline (a server's first poll decides at once)")
          .atLeast(1);
  public static final Setting<Integer> ONLINE_AFTER =
      Setting.integer(
              "BALANCER_ONLINE_AFTER", "2", "successful polls in a row that turn a server online")
          .atLeast(1);
  public static final Setting<Duration> REQUEST_TIMEOUT =
      Setting.duration(
              "BALANCER_REQUEST_TIMEOUT", "10s", "time limit of a call forwarded to a server")
          .positive();
  public static final Setting<String> MIN_YOUNG_LOAD =
      Setting.string(
              "BALANCER_MIN_YOUNG_LOAD",
              "1",
              "a meeting younger than `BALANCER_YOUNG_FOR` counts at least this load (its users are still arriving)")
          .matches("\\d+(\\.\\d+)?", "a number");
  public static final Setting<Duration> YOUNG_FOR =
      Setting.duration("BALANCER_YOUNG_FOR", "5m", "how long a meeting counts as young");
  public static final Setting<Integer> VOICE_BRIDGE_DIGITS =
      Setting.integer(
              "BALANCER_VOICE_BRIDGE_DIGITS", "5", "length of the voice bridges the balancer gives")
          .between(4, 9);
  public static final Setting<Boolean> HONOUR_VOICE_BRIDGE =
      Setting.bool(
          "BALANCER_HONOUR_VOICE_BRIDGE",
          "false",
          "keep a client's `voiceBridge` (if free) instead of the balancer's stable one");

  public static final Setting<String> TENANTS_FILE =
      Setting.string(
          "BALANCER_TENANTS_FILE",
          null,
          "JSON file of tenants (id, pathPrefix, secrets with validUntil, checksumAlgorithms; see Tenants) "
              + "written to `bbb.tenants` at start when the topic does not hold them yet; "
              + "unset: tenants only from the admin API");

  public static final Setting<List<String>> DEFAULT_CREATE_PARAMS =
      Setting.list(
          "BALANCER_DEFAULT_CREATE_PARAMS",
          "",
          "`name=value,...` added to every create that lacks them (Scalelite's `DEFAULT_CREATE_PARAMS`; values percent-decoded)");
  public static final Setting<List<String>> OVERRIDE_CREATE_PARAMS =
      Setting.list(
          "BALANCER_OVERRIDE_CREATE_PARAMS",
          "",
          "`name=value,...` set on every create, whatever the client sent (Scalelite's `OVERRIDE_CREATE_PARAMS`)");
  public static final Setting<List<String>> CREATE_EXCLUDE_PARAMS =
      Setting.list(
          "BALANCER_CREATE_EXCLUDE_PARAMS",
          "",
          "parameter names dropped from every create (Scalelite's `CREATE_EXCLUDE_PARAMS`)");
  public static final Setting<List<String>> DEFAULT_JOIN_PARAMS =
      Setting.list(
          "BALANCER_DEFAULT_JOIN_PARAMS",
          "",
          "`name=value,...` added to every join that lacks them (Scalelite's `DEFAULT_JOIN_PARAMS`)");
  public static final Setting<List<String>> OVERRIDE_JOIN_PARAMS =
      Setting.list(
          "BALANCER_OVERRIDE_JOIN_PARAMS",
          "",
          "`name=value,...` set on every join (Scalelite's `OVERRIDE_JOIN_PARAMS`)");
  public static final Setting<List<String>> JOIN_EXCLUDE_PARAMS =
      Setting.list(
          "BALANCER_JOIN_EXCLUDE_PARAMS",
          "",
          "parameter names dropped from every join (Scalelite's `JOIN_EXCLUDE_PARAMS`)");
  public static final Setting<Integer> MAX_DURATION =
      Setting.integer(
              "BALANCER_MAX_DURATION",
              "0",
              "longest meeting in minutes: a create's `duration` that is 0, missing or longer is set to it; 0: no limit")
          .atLeast(0);

  /** The common settings, then the balancer's own, in the order of the docs. */
  public static final List<Setting<?>> ALL = all();

  private BalancerSettings() {}

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
    all.addAll(
        List.of(
            HTTP_HOST,
            HTTP_PORT,
            SECRET,
            CHECKSUM_ALGORITHMS,
            STATE_KEY,
            INSTANCE_ID,
            POLL_INTERVAL,
            POLL_TIMEOUT,
            POLL_CONCURRENCY,
            OFFLINE_AFTER,
            ONLINE_AFTER,
            REQUEST_TIMEOUT,
            MIN_YOUNG_LOAD,
            YOUNG_FOR,
            VOICE_BRIDGE_DIGITS,
            HONOUR_VOICE_BRIDGE,
            TENANTS_FILE,
            DEFAULT_CREATE_PARAMS,
            OVERRIDE_CREATE_PARAMS,
            CREATE_EXCLUDE_PARAMS,
            DEFAULT_JOIN_PARAMS,
            OVERRIDE_JOIN_PARAMS,
            JOIN_EXCLUDE_PARAMS,
            MAX_DURATION));
    return List.copyOf(all);
  }
}
