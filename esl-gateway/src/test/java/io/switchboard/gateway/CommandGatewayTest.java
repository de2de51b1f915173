package io.switchboard.gateway;

import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command tests share: the test broker's topics, a service's side of the command topics,
 * and one gateway per test started with the settings the test names.
 */
@ExtendWith(KafkaExtension.class)
abstract class CommandGatewayTest {
  String bootstrap;
  Path dir;
  GatewayFixture f;
  CommandBus bus;

  @BeforeAll
  static void topics(KafkaBroker broker) {
    GatewayFixture.createTopics(broker);
  }

  @BeforeEach
  void bus(KafkaBroker broker, @TempDir Path tempDir) {
    bootstrap = broker.bootstrapServers();
    dir = tempDir;
    bus = new CommandBus(bootstrap);
  }

  @AfterEach
  void stop() {
    bus.close();
    if (f != null) {
      f.close();
    }
  }

  void start(SimulatorOptions simulator, Map<String, String> settings) {
    f =
        new GatewayFixture(
            bootstrap, dir, simulator.withHeartbeatInterval(Duration.ZERO), settings);
    f.awaitConnected();
  }

  void start(Map<String, String> settings) {
    start(SimulatorOptions.defaults(), settings);
  }
}
