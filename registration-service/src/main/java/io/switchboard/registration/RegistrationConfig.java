package io.switchboard.registration;

import static io.switchboard.registration.RegistrationSettings.COMMAND_TIMEOUT;
import static io.switchboard.registration.RegistrationSettings.CREDENTIAL_LIFETIME;
import static io.switchboard.registration.RegistrationSettings.EXPIRE_SECONDS;
import static io.switchboard.registration.RegistrationSettings.GATEWAY_PREFIX;
import static io.switchboard.registration.RegistrationSettings.GATEWAY_TEMPLATE;
import static io.switchboard.registration.RegistrationSettings.HMAC;
import static io.switchboard.registration.RegistrationSettings.HTTP_HOST;
import static io.switchboard.registration.RegistrationSettings.HTTP_PORT;
import static io.switchboard.registration.RegistrationSettings.NODE_PROFILES;
import static io.switchboard.registration.RegistrationSettings.PROFILE;
import static io.switchboard.registration.RegistrationSettings.RECONCILE_INTERVAL;
import static io.switchboard.registration.RegistrationSettings.REGISTRAR_PROXY;
import static io.switchboard.registration.RegistrationSettings.REGISTRAR_REALM;
import static io.switchboard.registration.RegistrationSettings.REGISTRAR_TRANSPORT;
import static io.switchboard.registration.RegistrationSettings.RESCAN_WINDOW;
import static io.switchboard.registration.RegistrationSettings.RETRY_MAX;
import static io.switchboard.registration.RegistrationSettings.RETRY_MIN;
import static io.switchboard.registration.RegistrationSettings.RETRY_SECONDS;
import static io.switchboard.registration.RegistrationSettings.ROOM_PATTERN;
import static io.switchboard.registration.RegistrationSettings.SECRET;

import io.switchboard.config.Config;
import io.switchboard.config.Settings;
import io.switchboard.registration.gateway.GatewayRenderer;
import io.switchboard.registration.gateway.GatewayTemplate;
import io.switchboard.registration.gateway.RoomCredentials;
import io.switchboard.registration.node.NodeLane;
import io.switchboard.security.CommandSealKey;
import io.switchboard.security.SecretSealer;
import io.switchboard.service.ServiceSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What registration-service is told, read by name from its declared settings ({@link
 * RegistrationSettings}); the template is loaded and checked here, so a bad one stops the start.
 */
public final class RegistrationConfig {
  private final Settings settings;
  private final ServiceSettings service;
  private final Pattern roomPattern;
  private final Map<String, String> nodeProfiles = new HashMap<>();
  private final GatewayTemplate template;
  private final SecretSealer fileSealer;

  private RegistrationConfig(Settings settings) {
    this.settings = settings;
    this.service = ServiceSettings.from(settings);
    this.roomPattern = Pattern.compile(settings.get(ROOM_PATTERN));
    for (String pair : settings.get(NODE_PROFILES)) {
      int eq = pair.indexOf('=');
      nodeProfiles.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    this.template =
        settings
            .optional(GATEWAY_TEMPLATE)
            .map(GatewayTemplate::load)
            .orElseGet(GatewayTemplate::shipped);
    // Built here so that a key that is not base64 of an AES key's length stops the start.
    this.fileSealer = CommandSealKey.sealer(settings);
  }

  public static RegistrationConfig from(Settings settings) {
    return new RegistrationConfig(settings);
  }

  /** Reads the declared settings from {@code config}: tests and the demo. */
  public static RegistrationConfig from(Config config) {
    return from(Settings.read(config, RegistrationSettings.ALL));
  }

  public ServiceSettings service() {
    return service;
  }

  public String httpHost() {
    return settings.get(HTTP_HOST);
  }

  public int httpPort() {
    return settings.get(HTTP_PORT);
  }

  public Pattern roomPattern() {
    return roomPattern;
  }

  public String gatewayPrefix() {
    return settings.get(GATEWAY_PREFIX);
  }

  /** The sofia profile node {@code node}'s gateways go in. */
  public String profileOf(String node) {
    return nodeProfiles.getOrDefault(node, settings.get(PROFILE));
  }

  public GatewayRenderer renderer() {
    String proxy = settings.get(REGISTRAR_PROXY);
    return new GatewayRenderer(
        template,
        new RoomCredentials(
            settings.get(SECRET), settings.get(HMAC), settings.get(CREDENTIAL_LIFETIME)),
        new GatewayRenderer.Registrar(
            proxy,
            settings.optional(REGISTRAR_REALM).orElse(GatewayRenderer.Registrar.hostOf(proxy)),
            settings.get(REGISTRAR_TRANSPORT),
            settings.get(EXPIRE_SECONDS),
            settings.get(RETRY_SECONDS)),
        gatewayPrefix());
  }

  /** Seals the gateway files' text before it goes onto {@code fs.commands} (COMMAND_SEAL_KEY). */
  public SecretSealer fileSealer() {
    return fileSealer;
  }

  public NodeLane.Pace pace() {
    return new NodeLane.Pace(
        settings.get(RESCAN_WINDOW), settings.get(RETRY_MIN), settings.get(RETRY_MAX));
  }

  /** How long a room's credentials are valid at the registrar (REGISTRAR_CREDENTIAL_LIFETIME). */
  public Duration credentialLifetime() {
    return settings.get(CREDENTIAL_LIFETIME);
  }

  public Duration commandTimeout() {
    return settings.get(COMMAND_TIMEOUT);
  }

  public Duration reconcileInterval() {
    return settings.get(RECONCILE_INTERVAL);
  }
}
