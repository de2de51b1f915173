package io.switchboard.testkit.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BbbServerSimulatorMainTest {

  @Test
  void givesEachServerTheNextPortAndItsOwnId() {
    BbbServerSimulatorMain.Options options =
        BbbServerSimulatorMain.Options.parse(
            new String[] {
              "--port", "9000", "--secret", "s3cret", "--servers", "3", "--delay-ms", "5"
            });
    BbbSimulatorConfig third = options.configFor(2);
    assertEquals(9002, third.port());
    assertEquals("bbb-sim-2", third.serverId());
    assertEquals("s3cret", third.secret());
    assertEquals(Duration.ofMillis(5), third.responseDelay());
  }

  @Test
  void refusesMissingSecretUnknownOptionsAndBadNumbers() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> BbbServerSimulatorMain.Options.parse(new String[] {"--port", "9000"}))
            .getMessage()
            .contains("--secret"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    BbbServerSimulatorMain.Options.parse(
                        new String[] {"--secret", "s", "--colour", "blue"}))
            .getMessage()
            .contains("--colour"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    BbbServerSimulatorMain.Options.parse(
                        new String[] {"--secret", "s", "--servers", "many"}))
            .getMessage()
            .contains("--servers"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    BbbServerSimulatorMain.Options.parse(
                        new String[] {"--secret", "s", "--port", "65535", "--servers", "2"}))
            .getMessage()
            .contains("65535"));
  }

  @Test
  void configNeverPrintsTheSecret() {
    BbbSimulatorConfig config = BbbSimulatorConfig.builder("very-secret-value").build();
    assertFalse(config.toString().contains("very-secret-value"), config.toString());
  }
}
