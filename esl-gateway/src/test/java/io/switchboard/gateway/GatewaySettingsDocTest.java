package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists exactly the gateway's declared settings, with their defaults. */
class GatewaySettingsDocTest {
  private static final Path DOC = Path.of("..", "docs", "operations.md");

  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    if (Boolean.getBoolean("settings.docs.write")) {
      SettingsTable.write(DOC, "esl-gateway", GatewaySettings.ALL);
    }
    assertEquals(
        SettingsTable.markdown(GatewaySettings.ALL),
        SettingsTable.documented(DOC, "esl-gateway"),
        "docs/operations.md differs from GatewaySettings; rewrite it with -Dsettings.docs.write=true");
  }
}
