package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/operations.md lists exactly the gateway's declared settings, with their defaults. */
class GatewaySettingsDocTest {
  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    assertEquals(
        Optional.empty(),
        SettingsTable.differences(
            Path.of("..", "docs", "operations.md"), "esl-gateway", GatewaySettings.ALL));
  }
}
