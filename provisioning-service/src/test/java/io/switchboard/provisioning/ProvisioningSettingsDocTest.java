package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/provisioning.md lists exactly the declared settings, with their defaults. */
class ProvisioningSettingsDocTest {
  private static final Path DOC = Path.of("..", "docs", "provisioning.md");

  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    if (Boolean.getBoolean("settings.docs.write")) {
      SettingsTable.write(DOC, "provisioning-service", ProvisioningSettings.ALL);
    }
    assertEquals(
        SettingsTable.markdown(ProvisioningSettings.ALL),
        SettingsTable.documented(DOC, "provisioning-service"),
        "docs/provisioning.md differs from ProvisioningSettings; rewrite it with -Dsettings.docs.write=true");
  }
}
