package io.switchboard.security;

import io.switchboard.config.Setting;
import io.switchboard.config.Settings;
import java.util.List;

/**
 * {@code COMMAND_SEAL_KEY} of a service that sends files holding secrets (passwords) to the
 * gateways: required, because a {@code file.put} in clear text would put every password on the
 * shared {@code fs.commands} topic. The gateways open with the same keys (their own, optional
 * setting of the same name).
 */
public final class CommandSealKey {
  public static final Setting<List<String>> SETTING =
      Setting.repeated(
              "COMMAND_SEAL_KEY",
              "base64 AES key (16, 24 or 32 bytes, e.g. `openssl rand -base64 32`) sealing the files this service "
                  + "sends on `fs.commands` (they hold passwords); the nodes' gateways need it too; the first of "
                  + "`COMMAND_SEAL_KEY`, `_1`, ... seals, all of them open")
          .required()
          .secret();

  private CommandSealKey() {}

  /**
   * The sealer of {@code settings}' keys; a key that is not base64 of an AES key's length stops the
   * start, naming the setting.
   */
  public static SecretSealer sealer(Settings settings) {
    return SecretSealer.fromKeys(SETTING.name(), settings.get(SETTING));
  }
}
