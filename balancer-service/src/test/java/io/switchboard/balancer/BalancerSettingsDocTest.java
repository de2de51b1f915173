package io.switchboard.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/balancer.md lists exactly the declared settings, with their defaults. */
class BalancerSettingsDocTest {
  private static final Path DOC = Path.of("..", "docs", "balancer.md");

  @Test
  void theDocsListEveryDeclaredSettingAndNoOther() throws Exception {
    if (Boolean.getBoolean("settings.docs.write")) {
      SettingsTable.write(DOC, "balancer-service", BalancerSettings.ALL);
    }
    assertEquals(
        SettingsTable.markdown(BalancerSettings.ALL),
        SettingsTable.documented(DOC, "balancer-service"),
        "docs/balancer.md differs from BalancerSettings; rewrite it with -Dsettings.docs.write=true");
  }
}
