package io.switchboard.provisioning;

import io.switchboard.service.ServiceMain;

/**
 * {@code java -jar provisioning-service.jar [--config FILE]}; see docs/provisioning.md for the
 * settings.
 */
public final class ProvisioningMain {
  private ProvisioningMain() {}

  public static void main(String[] args) {
    ServiceMain.run(
        "provisioning-service",
        args,
        ProvisioningSettings.ALL,
        (runtime, settings) -> new ProvisioningService(runtime, ProvisioningConfig.from(settings)));
  }
}
