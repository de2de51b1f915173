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
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the registrations converge within 30 s from what the node reports (conference
 * list, sofia status gateway), whatever events were lost.
 */
@ExtendWith(KafkaExtension.class)
class ConvergenceTest {
  private static final String SECRET = "convergence-secret";
  private static final Duration CONVERGES_WITHIN = Duration.ofSeconds(30);

  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  @Test
  void roomsChangedWhileTheGatewayWasDownAndAServiceRestartConvergeWithin30Seconds(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-c", broker.bootstrapServers(), dir);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .start()) {
      node.fs.createConference("74001");
      awaitState(service, node, kamailio, "74001", "REGED");

      // FreeSWITCH's events while its gateway is down are lost for good.
      node.stopGateway();
      node.fs.destroyConference("74001");
      node.fs.createConference("74002");
      node.startGateway();
      Await.until(() -> "REGED".equals(service.stateOf("74002")), "74002 REGED", CONVERGES_WITHIN);
      Await.until(() -> service.registration("74001") == null, "74001 removed", CONVERGES_WITHIN);
      Await.until(
          () -> !kamailio.locationTable().contains("AoR: 74001\n"),
          "74001's binding gone",
          CONVERGES_WITHIN);
      assertTrue(kamailio.locationTable().contains("AoR: 74002\n"));

      // A new instance knows nothing yet; the node tells it.
      service.stop();
      service.start();
      Await.until(
          () -> "REGED".equals(service.stateOf("74002")),
          "74002 REGED after the restart",
          CONVERGES_WITHIN);
      assertEquals("bbb-c", service.registration("74002").getString("node"));
      assertTrue(service.metric("switchboard_registration_reconcile_corrections_total") >= 1);
      assertTrue(kamailio.locationTable().contains("AoR: 74002\n"));
    }
  }
}
