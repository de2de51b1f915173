package io.switchboard.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/registration.md lists exactly the declared settings, with their defaults. */
class RegistrationSettingsDocTest {
  private static final Path DOC = Path.of("..", "docs", "registration.md");

  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    if (Boolean.getBoolean("settings.docs.write")) {
      SettingsTable.write(DOC, "registration-service", RegistrationSettings.ALL);
    }
    assertEquals(
        SettingsTable.markdown(RegistrationSettings.ALL),
        SettingsTable.documented(DOC, "registration-service"),
        "docs/registration.md differs from RegistrationSettings; rewrite it with -Dsettings.docs.write=true");
  }
}
