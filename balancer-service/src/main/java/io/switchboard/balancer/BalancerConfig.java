package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerSettings.CHECKSUM_ALGORITHMS;
import static io.switchboard.balancer.BalancerSettings.CREATE_EXCLUDE_PARAMS;
import static io.switchboard.balancer.BalancerSettings.DEFAULT_CREATE_PARAMS;
import static io.switchboard.balancer.BalancerSettings.DEFAULT_JOIN_PARAMS;
import static io.switchboard.balancer.BalancerSettings.HONOUR_VOICE_BRIDGE;
import static io.switchboard.balancer.BalancerSettings.HTTP_HOST;
import static io.switchboard.balancer.BalancerSettings.HTTP_PORT;
import static io.switchboard.balancer.BalancerSettings.INSTANCE_ID;
import static io.switchboard.balancer.BalancerSettings.JOIN_EXCLUDE_PARAMS;
import static io.switchboard.balancer.BalancerSettings.MAX_DURATION;
import static io.switchboard.balancer.BalancerSettings.MIN_YOUNG_LOAD;
import static io.switchboard.balancer.BalancerSettings.OFFLINE_AFTER;
import static io.switchboard.balancer.BalancerSettings.ONLINE_AFTER;
import static io.switchboard.balancer.BalancerSettings.OVERRIDE_CREATE_PARAMS;
import static io.switchboard.balancer.BalancerSettings.OVERRIDE_JOIN_PARAMS;
import static io.switchboard.balancer.BalancerSettings.POLL_CONCURRENCY;
import static io.switchboard.balancer.BalancerSettings.POLL_INTERVAL;
import static io.switchboard.balancer.BalancerSettings.POLL_TIMEOUT;
import static io.switchboard.balancer.BalancerSettings.REQUEST_TIMEOUT;
import static io.switchboard.balancer.BalancerSettings.SECRET;
import static io.switchboard.balancer.BalancerSettings.STATE_KEY;
import static io.switchboard.balancer.BalancerSettings.TENANTS_FILE;
import static io.switchboard.balancer.BalancerSettings.VOICE_BRIDGE_DIGITS;
import static io.switchboard.balancer.BalancerSettings.YOUNG_FOR;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.balancer.state.StateTopics;
import io.switchboard.balancer.tenant.ParamPolicy;
import io.switchboard.balancer.tenant.Policy;
import io.switchboard.balancer.tenant.Tenants;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Settings;
import io.switchboard.security.SecretSealer;
import io.switchboard.service.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the balancer is told, read by name from its declared settings ({@link BalancerSettings}),
 * with the values that need more than a parse (the sealer, the algorithms) built once.
 */
public final class BalancerConfig {
  private final Settings settings;
  private final ServiceSettings service;
  private final Set<ChecksumAlgorithm> algorithms;
  private final SecretSealer sealer;
  private final String instanceId;
  private final Tenants tenants;

  private BalancerConfig(Settings settings) {
    this.settings = settings;
    this.service = ServiceSettings.from(settings);
    EnumSet<ChecksumAlgorithm> parsed = EnumSet.noneOf(ChecksumAlgorithm.class);
    for (String name : settings.get(CHECKSUM_ALGORITHMS)) {
      parsed.add(
          ChecksumAlgorithm.parse(name)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "BALANCER_CHECKSUM_ALGORITHMS: unknown algorithm '"
                              + name
                              + "' (sha1, sha256, sha384, sha512)")));
    }
    this.algorithms = Set.copyOf(parsed);
    this.sealer = SecretSealer.fromKeys(settings.get(STATE_KEY));
    this.instanceId =
        settings
            .optional(INSTANCE_ID)
            .orElse("balancer-" + UUID.randomUUID().toString().substring(0, 8));
    this.tenants =
        settings
            .optional(TENANTS_FILE)
            .filter(f -> !f.isBlank())
            .map(f -> Tenants.read(Path.of(f), algorithms))
            .orElseGet(Tenants::none)
            .withGlobal(globalPolicy(settings));
  }

  private static Policy globalPolicy(Settings settings) {
    try {
      return new Policy(
          new ParamPolicy(
              ParamPolicy.pairs(DEFAULT_CREATE_PARAMS.name(), settings.get(DEFAULT_CREATE_PARAMS)),
              ParamPolicy.pairs(
                  OVERRIDE_CREATE_PARAMS.name(), settings.get(OVERRIDE_CREATE_PARAMS)),
              Set.copyOf(settings.get(CREATE_EXCLUDE_PARAMS))),
          new ParamPolicy(
              ParamPolicy.pairs(DEFAULT_JOIN_PARAMS.name(), settings.get(DEFAULT_JOIN_PARAMS)),
              ParamPolicy.pairs(OVERRIDE_JOIN_PARAMS.name(), settings.get(OVERRIDE_JOIN_PARAMS)),
              Set.copyOf(settings.get(JOIN_EXCLUDE_PARAMS))),
          settings.get(MAX_DURATION),
          0,
          0,
          Set.of());
    } catch (ConfigException e) {
      throw new ConfigException("parameter policy: " + e.getMessage());
    }
  }

  /** The tenants of the pool; none unless {@code BALANCER_TENANTS_FILE} names them. */
  public Tenants tenants() {
    return tenants;
  }

  public static BalancerConfig from(Settings settings) {
    return new BalancerConfig(settings);
  }

  /** Reads the declared settings from {@code config}: tests and the demo. */
  public static BalancerConfig from(Config config) {
    return from(Settings.read(config, BalancerSettings.ALL));
  }

  /** Kafka, topic names, the management port and the admin token. */
  public ServiceSettings service() {
    return service;
  }

  public String httpHost() {
    return settings.get(HTTP_HOST);
  }

  public int httpPort() {
    return settings.get(HTTP_PORT);
  }

  public List<String> secrets() {
    return settings.get(SECRET);
  }

  public Set<ChecksumAlgorithm> checksumAlgorithms() {
    return algorithms;
  }

  public SecretSealer sealer() {
    return sealer;
  }

  public String instanceId() {
    return instanceId;
  }

  public Duration pollInterval() {
    return settings.get(POLL_INTERVAL);
  }

  public Duration pollTimeout() {
    return settings.get(POLL_TIMEOUT);
  }

  public int pollConcurrency() {
    return settings.get(POLL_CONCURRENCY);
  }

  public int offlineAfter() {
    return settings.get(OFFLINE_AFTER);
  }

  public int onlineAfter() {
    return settings.get(ONLINE_AFTER);
  }

  public Duration requestTimeout() {
    return settings.get(REQUEST_TIMEOUT);
  }

  public double minYoungLoad() {
    return Double.parseDouble(settings.get(MIN_YOUNG_LOAD));
  }

  public Duration youngFor() {
    return settings.get(YOUNG_FOR);
  }

  public int voiceBridgeDigits() {
    return settings.get(VOICE_BRIDGE_DIGITS);
  }

  public boolean honourVoiceBridge() {
    return settings.get(HONOUR_VOICE_BRIDGE);
  }

  public StateTopics topics() {
    return StateTopics.of(service.topics());
  }

  /** Never prints secrets or keys. */
  @Override
  public String toString() {
    return "BalancerConfig[instance=" + instanceId + ", " + settings + "]";
  }
}
