package io.switchboard.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/balancer.md lists exactly the declared settings, with their defaults. */
class BalancerSettingsDocTest {
  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    assertEquals(
        Optional.empty(),
        SettingsTable.differences(
            Path.of("..", "docs", "balancer.md"), "balancer-service", BalancerSettings.ALL));
  }
}
