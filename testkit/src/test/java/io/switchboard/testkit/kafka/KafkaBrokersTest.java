package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KafkaBrokersTest {

  /** Stands in for the Docker probe so that reaching it is visible without starting a broker. */
  private static final class DockerProbed extends RuntimeException {}

  private static final BooleanSupplier PROBE =
      () -> {
        throw new DockerProbed();
      };

  @Test
  void aConfiguredBootstrapAddressWinsWithoutAskingDocker() {
    try (KafkaBroker broker =
        KafkaBrokers.start(
            Map.of(KafkaBrokers.BOOTSTRAP_SERVERS, " kafka-1:9092,kafka-2:9092 ")::get, PROBE)) {
      assertEquals("external", broker.kind());
      assertEquals("kafka-1:9092,kafka-2:9092", broker.bootstrapServers());
    }
  }

  @Test
  void aBlankOrMissingBootstrapAddressFallsThroughToTheDockerCheck() {
    assertThrows(
        DockerProbed.class,
        () -> KafkaBrokers.start(Map.of(KafkaBrokers.BOOTSTRAP_SERVERS, "  ")::get, PROBE));
    assertThrows(
        DockerProbed.class, () -> KafkaBrokers.start(Map.<String, String>of()::get, PROBE));
  }
}
