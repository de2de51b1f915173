package io.switchboard.registration;

import io.switchboard.service.ServiceMain;

/**
 * {@code java -jar registration-service.jar [--config FILE]}; see docs/registration.md for the
 * settings.
 */
public final class RegistrationMain {
  private RegistrationMain() {}

  public static void main(String[] args) {
    ServiceMain.run(
        "registration-service",
        args,
        RegistrationSettings.ALL,
        (runtime, settings) -> new RegistrationService(runtime, RegistrationConfig.from(settings)));
  }
}
