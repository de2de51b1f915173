package io.switchboard.registration;

import static io.switchboard.registration.RoomRegistrationTest.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Base64;
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

  /**
   * A gateway that lacks the key the service seals with (a rotation half done) rejects the sealed
   * gateway file naming the key id: the API shows it, and once the operator gives the gateway the
   * key, beside its old one, the retried file opens and the room registers.
   */
  @Test
  void aGatewayWithoutTheSealKeyRejectsTheFileUntilTheKeyIsRotatedIn(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-k", broker.bootstrapServers(), dir);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .start()) {
      node.restartGatewayWithSealKeys(otherKey);
      node.fs.createConference("76002");
      Await.until(
          () -> {
            JsonObject r = service.registration("76002");
            return r != null && r.getJsonObject("lastFailure") != null;
          },
          "76002's rejected file shown",
          Duration.ofSeconds(60));
      JsonObject failed = service.registration("76002");
      assertEquals("PENDING", failed.getString("state"));
      assertTrue(
          failed
              .getJsonObject("lastFailure")
              .getString("phrase")
              .contains("which is not among COMMAND_SEAL_KEY*"),
          failed.encode());
      assertFalse(node.hasFile("conf_76002"));

      node.restartGatewayWithSealKeys(otherKey, RegistrationFixture.SEAL_KEY);
      awaitState(service, node, kamailio, "76002", "REGED");
      assertTrue(kamailio.locationTable().contains("AoR: 76002\n"));
    }
  }
}
