package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that contradict each other stop the start with a message naming the key. */
class ProvisioningConfigTest {
  private static Map<String, String> minimal() {
    Map<String, String> map = new HashMap<>();
    map.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    map.put("PROVISIONING_CONF_DIR", "/tmp/conf");
    map.put("PROVISIONING_NODES", "a,b");
    map.put("PROVISIONING_CONTEXTS", "team:20000-29999,friends:30000-30999");
    map.put("PROVISIONING_API_CONTEXT", "team");
    map.put("COMMAND_SEAL_KEY", ClusterFixture.SEAL_KEY);
    return map;
  }

  private static ConfigException refused(String key, String value) {
    Map<String, String> map = minimal();
    map.put(key, value);
    return assertThrows(ConfigException.class, () -> ProvisioningConfig.from(Config.of(map)));
  }

  @Test
  void contextsAreParsedWithTheirRanges() {
    ProvisioningConfig config = ProvisioningConfig.from(Config.of(minimal()));
    assertEquals(new ContextRange("team", 20000, 29999), config.contexts().get("team"));
    assertEquals(2, config.nodes().size());
  }

  @Test
  void overlappingRangesAreRefused() {
    assertTrue(
        refused("PROVISIONING_CONTEXTS", "team:20000-29999,friends:29999-30999")
            .getMessage()
            .contains("overlaps"));
  }

  @Test
  void aRangeThatEndsBeforeItStartsIsRefused() {
    assertTrue(
        refused("PROVISIONING_CONTEXTS", "team:300-200").getMessage().contains("ends before"));
  }

  @Test
  void aContextNameThatIsNotPlainIsRefused() {
    assertTrue(
        refused("PROVISIONING_CONTEXTS", "../x:1-2")
            .getMessage()
            .contains("PROVISIONING_CONTEXTS"));
  }

  @Test
  void anApiContextThatIsNotAContextIsRefused() {
    assertTrue(
        refused("PROVISIONING_API_CONTEXT", "other")
            .getMessage()
            .contains("PROVISIONING_API_CONTEXT"));
  }

  @Test
  void aPathThatLeavesTheFolderIsRefused() {
    assertTrue(
        refused("PROVISIONING_DIRECTORY_PATH", "../etc")
            .getMessage()
            .contains("PROVISIONING_DIRECTORY_PATH"));
  }

  @Test
  void noSealKeyOrABadOneStopsTheStartNamingIt() {
    Map<String, String> map = minimal();
    map.remove("COMMAND_SEAL_KEY");
    ConfigException none =
        assertThrows(ConfigException.class, () -> ProvisioningConfig.from(Config.of(map)));
    assertTrue(none.getMessage().contains("COMMAND_SEAL_KEY"), none.getMessage());
    assertTrue(refused("COMMAND_SEAL_KEY", "c2hvcnQ=").getMessage().contains("COMMAND_SEAL_KEY"));
  }
}
