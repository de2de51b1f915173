package io.switchboard.provisioning;

import static io.switchboard.provisioning.ProvisioningSettings.API_CONTEXT;
import static io.switchboard.provisioning.ProvisioningSettings.COMMAND_TIMEOUT;
import static io.switchboard.provisioning.ProvisioningSettings.CONF_DIR;
import static io.switchboard.provisioning.ProvisioningSettings.CONTEXTS;
import static io.switchboard.provisioning.ProvisioningSettings.DIALPLAN_PATH;
import static io.switchboard.provisioning.ProvisioningSettings.DIRECTORY_PATH;
import static io.switchboard.provisioning.ProvisioningSettings.HTTP_HOST;
import static io.switchboard.provisioning.ProvisioningSettings.HTTP_PORT;
import static io.switchboard.provisioning.ProvisioningSettings.INSTANCE_ID;
import static io.switchboard.provisioning.ProvisioningSettings.LOCATE_MAX_BYTES;
import static io.switchboard.provisioning.ProvisioningSettings.MAX_BODY;
import static io.switchboard.provisioning.ProvisioningSettings.NODES;
import static io.switchboard.provisioning.ProvisioningSettings.NONCE_LIFETIME;
import static io.switchboard.provisioning.ProvisioningSettings.RECORDINGS_DIR;
import static io.switchboard.provisioning.ProvisioningSettings.SCAN_INTERVAL;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.config.Setting;
import io.switchboard.config.Settings;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.security.CommandSealKey;
import io.switchboard.security.SecretSealer;
import io.switchboard.service.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the provisioning service is told, read by name from its declared settings ({@link
 * ProvisioningSettings}); the contexts are parsed and checked against each other once.
 */
public final class ProvisioningConfig {
  private final Settings settings;
  private final ServiceSettings service;
  private final Map<String, ContextRange> contexts;
  private final List<String> nodes;
  private final String instanceId;
  private final SecretSealer fileSealer;

  private ProvisioningConfig(Settings settings) {
    this.settings = settings;
    this.service = ServiceSettings.from(settings);
    this.contexts = contexts(settings.get(CONTEXTS));
    if (!contexts.containsKey(settings.get(API_CONTEXT))) {
      throw new ConfigException(
          "PROVISIONING_API_CONTEXT: '"
              + settings.get(API_CONTEXT)
              + "' is not one of PROVISIONING_CONTEXTS "
              + contexts.keySet());
    }
    this.nodes = List.copyOf(new LinkedHashSet<>(settings.get(NODES)));
    this.instanceId =
        settings
            .optional(INSTANCE_ID)
            .orElse("provisioning-" + UUID.randomUUID().toString().substring(0, 8));
    this.fileSealer = CommandSealKey.sealer(settings);
  }

  private static Map<String, ContextRange> contexts(List<String> entries) {
    Map<String, ContextRange> parsed = new LinkedHashMap<>();
    List<ContextRange> seen = new ArrayList<>();
    for (String entry : entries) {
      ContextRange range = ContextRange.parse("PROVISIONING_CONTEXTS", entry);
      for (ContextRange other : seen) {
        // A number is a user's or a conference's address in the dialplan: two contexts giving
        // out the same one would make one of them unreachable.
        if (other.name().equals(range.name()) || other.overlaps(range)) {
          throw new ConfigException(
              "PROVISIONING_CONTEXTS: '"
                  + entry
                  + "' repeats the name or overlaps the numbers of '"
                  + other.name()
                  + "'");
        }
      }
      seen.add(range);
      parsed.put(range.name(), range);
    }
    return Map.copyOf(parsed);
  }

  public static ProvisioningConfig from(Settings settings) {
    return new ProvisioningConfig(settings);
  }

  /** Reads the declared settings from {@code config}: tests and the demo. */
  public static ProvisioningConfig from(Config config) {
    return from(Settings.read(config, ProvisioningSettings.ALL));
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

  public Path confDir() {
    return settings.get(CONF_DIR);
  }

  public Map<String, ContextRange> contexts() {
    return contexts;
  }

  public String apiContext() {
    return settings.get(API_CONTEXT);
  }

  public List<String> nodes() {
    return nodes;
  }

  public Layout layout() {
    return new Layout(settings.get(DIRECTORY_PATH), settings.get(DIALPLAN_PATH), contexts.keySet());
  }

  public Path recordingsDir() {
    return settings.get(RECORDINGS_DIR);
  }

  public Duration scanInterval() {
    return settings.get(SCAN_INTERVAL);
  }

  public Duration commandTimeout() {
    return settings.get(COMMAND_TIMEOUT);
  }

  public Duration nonceLifetime() {
    return settings.get(NONCE_LIFETIME);
  }

  public long maxBody() {
    return settings.get(MAX_BODY);
  }

  public long locateMaxBytes() {
    return settings.get(LOCATE_MAX_BYTES);
  }

  public String instanceId() {
    return instanceId;
  }

  /** A setting declared by one of the service's features (recording control, phones). */
  public <T> T get(Setting<T> setting) {
    return settings.get(setting);
  }

  /** A setting without a default: empty when it is not set. */
  public <T> Optional<T> optional(Setting<T> setting) {
    return settings.optional(setting);
  }

  /** Seals the files sent to the gateways: users' files hold their passwords. */
  public SecretSealer fileSealer() {
    return fileSealer;
  }

  /** Never prints the admin token. */
  @Override
  public String toString() {
    return "ProvisioningConfig[instance=" + instanceId + ", " + settings + "]";
  }
}
