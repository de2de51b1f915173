package io.switchboard.launcher;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's settings. Port settings are the first of a run of consecutive ports, one per node; 0
 * picks free ports (tests).
 */
final class DemoConfig {
  static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("DEMO_NODES", "3"),
          Map.entry("DEMO_DATA_DIR", "demo-data"),
          Map.entry("DEMO_KAFKA_PORT", "9092"),
          Map.entry("DEMO_ESL_PORT", "8021"),
          Map.entry("DEMO_GATEWAY_HTTP_PORT", "8081"),
          Map.entry("DEMO_GATEWAY_MANAGEMENT_PORT", "9481"),
          Map.entry("DEMO_BBB_PORT", "8101"),
          Map.entry("DEMO_BALANCER_HTTP_PORT", "8090"),
          Map.entry("DEMO_BALANCER_MANAGEMENT_PORT", "9490"),
          Map.entry("DEMO_REGISTRATION_HTTP_PORT", "8092"),
          Map.entry("DEMO_REGISTRATION_MANAGEMENT_PORT", "9492"),
          Map.entry("DEMO_PROVISIONING_HTTP_PORT", "8094"),
          Map.entry("DEMO_PROVISIONING_MANAGEMENT_PORT", "9494"),
          Map.entry("DEMO_SIP_PORT", "5060"),
          Map.entry("DEMO_REGISTRAR", "auto"),
          Map.entry("DEMO_ACTIVITY", "true"),
          Map.entry("DEMO_TRAFFIC", "false"),
          Map.entry("KAFKA_BOOTSTRAP_SERVERS", ""),
          Map.entry("ADMIN_TOKEN", ""));

  private final Config config;

  DemoConfig(Config config) {
    this.config = config;
    int nodes = nodes();
    if (nodes < 1 || nodes > 20) {
      throw new ConfigException("DEMO_NODES must be between 1 and 20, was " + nodes);
    }
    if (!registrar().matches("auto|kamailio|builtin")) {
      throw new ConfigException(
          "DEMO_REGISTRAR must be auto, kamailio or builtin, was " + registrar());
    }
  }

  int nodes() {
    return config.integer("DEMO_NODES");
  }

  Path dataDir() {
    return Path.of(config.string("DEMO_DATA_DIR"));
  }

  /** The {@code index}th port of the run starting at {@code key}'s value; 0 stays 0. */
  int port(String key, int index) {
    int base = config.integer(key);
    return base == 0 ? 0 : base + index;
  }

  /** auto (Kamailio when installed), kamailio, or builtin (the testkit's registrar). */
  String registrar() {
    return config.string("DEMO_REGISTRAR");
  }

  boolean activity() {
    return config.bool("DEMO_ACTIVITY", true);
  }

  boolean traffic() {
    return config.bool("DEMO_TRAFFIC", false);
  }

  Optional<String> kafka() {
    return config.optional("KAFKA_BOOTSTRAP_SERVERS").filter(s -> !s.isBlank());
  }

  Optional<String> adminToken() {
    return config.optional("ADMIN_TOKEN").filter(t -> !t.isBlank());
  }
}
