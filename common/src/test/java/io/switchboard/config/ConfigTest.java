package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @Test
  void environmentOverridesFileOverridesDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gw.properties");
    Files.writeString(file, "http.port=9001\nnode.id = node-from-file\nESL_URL=fs://:a@h\n");
    Config config =
        Config.load(
            new String[] {"--config", file.toString()},
            Map.of("HTTP_PORT", "8080", "NODE_ID", "default", "SPOOL_DIR", "/var/spool"),
            Map.of("NODE_ID", "node-from-env"));
    assertEquals(9001, config.integer("HTTP_PORT", 0));
    assertEquals("node-from-env", config.string("node.id"));
    assertEquals("/var/spool", config.string("SPOOL_DIR"));
    assertEquals("fs://:a@h", config.string("esl-url"));
  }

  @Test
  void configEqualsSyntax(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "A=1\n");
    assertEquals(
        "1", Config.load(new String[] {"--config=" + file}, Map.of(), Map.of()).string("A"));
  }

  @Test
  void missingFileAndMissingArgumentAreClear() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                Config.load(
                    new String[] {"--config", "/nonexistent/x.properties"}, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("/nonexistent/x.properties"));
    assertThrows(
        ConfigException.class, () -> Config.load(new String[] {"--config"}, Map.of(), Map.of()));
  }

  @Test
  void typedValuesAndTheirErrors() {
    Config config =
        Config.of(
            Map.of(
                "PORT",
                "80x",
                "TIMEOUT",
                "250ms",
                "T2",
                "5s",
                "T3",
                "2m",
                "BARE",
                "40",
                "FLAG",
                "yes",
                "SIZE",
                "16m",
                "LIST",
                " a, b ,,c "));
    ConfigException e = assertThrows(ConfigException.class, () -> config.integer("PORT", 1));
    assertEquals("PORT must be a whole number, got '80x'", e.getMessage());
    assertEquals(Duration.ofMillis(250), config.duration("TIMEOUT", Duration.ZERO));
    assertEquals(Duration.ofSeconds(5), config.duration("T2", Duration.ZERO));
    assertEquals(Duration.ofMinutes(2), config.duration("T3", Duration.ZERO));
    assertEquals(Duration.ofMillis(40), config.duration("BARE", Duration.ZERO));
    assertTrue(config.bool("FLAG", false));
    assertEquals(16L << 20, config.bytes("SIZE", 0));
    assertEquals(List.of("a", "b", "c"), config.list("LIST", List.of()));
    assertThrows(ConfigException.class, () -> config.duration("PORT", Duration.ZERO));
    assertThrows(ConfigException.class, () -> config.bytes("PORT", 0));
    ConfigException missing = assertThrows(ConfigException.class, () -> config.string("NODE_ID"));
    assertEquals("NODE_ID is required but not set", missing.getMessage());
  }

  @Test
  void repeatedSettingsInNumericOrder() {
    Config config =
        Config.of(
            Map.of(
                "ESL_URL",
                "a",
                "ESL_URL_10",
                "d",
                "ESL_URL_2",
                "c",
                "ESL_URL_1",
                "b",
                "ESL_URL_X",
                "ignored"));
    assertEquals(List.of("a", "b", "c", "d"), config.repeated("ESL_URL"));
  }

  @Test
  void prefixSelection() {
    Config config =
        Config.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "k:9092",
                "KAFKA_SECURITY_PROTOCOL",
                "SSL",
                "HTTP_PORT",
                "1"));
    assertEquals(
        Map.of("BOOTSTRAP_SERVERS", "k:9092", "SECURITY_PROTOCOL", "SSL"),
        config.withPrefix("KAFKA_"));
  }
}
