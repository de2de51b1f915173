package io.switchboard.registration;

import static io.switchboard.registration.RoomRegistrationTest.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.registration.fixture.RegistrationFixture;
import io.switchboard.registration.fixture.SimulatedNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kamailio.Kamailio;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaExtension.class)
class RefusedCommandTest {
  private static final String SECRET = "refused-secret";

  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  /**
   * A gateway without file commands refuses the gateway file: the API says why, the work is
   * retried, and once the operator turns file commands on the room registers.
   */
  @Test
  void aRefusedGatewayFileIsShownRetriedAndDoneOnceTheNodeAllowsIt(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-f", broker.bootstrapServers(), dir);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .start()) {
      node.restartGateway(false);
      node.fs.createConference("76001");
      Await.until(
          () -> {
            JsonObject r = service.registration("76001");
            return r != null && r.getJsonObject("lastFailure") != null;
          },
          "76001's failed command shown",
          Duration.ofSeconds(60));
      JsonObject failed = service.registration("76001");
      assertEquals("PENDING", failed.getString("state"));
      assertEquals("COMMAND", failed.getJsonObject("lastFailure").getString("state"));
      assertTrue(
          failed.getJsonObject("lastFailure").getString("phrase").startsWith("rejected"),
          failed.encode());
      Await.until(
          () -> service.metric("switchboard_registration_retries_total") >= 2,
          "retried",
          Duration.ofSeconds(30));

      node.restartGateway(true);
      awaitState(service, node, kamailio, "76001", "REGED");
      assertTrue(kamailio.locationTable().contains("AoR: 76001\n"));
    }
  }
}
