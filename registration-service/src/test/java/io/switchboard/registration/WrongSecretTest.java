package io.switchboard.registration;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaExtension.class)
class WrongSecretTest {
  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  /**
   * Kamailio keeps challenging credentials signed with another secret; FreeSWITCH then times out
   * and reports FAILED without a SIP status (sofia_reg.c:535, 495-529).
   */
  @Test
  void aRoomSignedWithTheWrongSecretEndsFailedInTheApiAndTheMetrics(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", "the-registrars-secret");
        SimulatedNode node = new SimulatedNode("bbb-w", broker.bootstrapServers(), dir);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), "another-secret")
                .start()) {
      node.fs.createConference("73001");
      Await.until(
          () -> {
            JsonObject r = service.registration("73001");
            return r != null
                && r.getJsonObject("lastFailure") != null
                && "FAILED".equals(r.getJsonObject("lastFailure").getString("state"));
          },
          "73001 FAILED",
          Duration.ofSeconds(60));
      JsonObject failed = service.registration("73001");
      assertFalse(failed.getString("state").equals("REGED"), failed.encode());
      assertTrue(service.metric("switchboard_registration_failures_total") >= 1);
      assertTrue(
          service
              .api("/admin/registrations?node=bbb-w", RegistrationFixture.TOKEN)
              .body()
              .contains("\"room\":\"73001\""));
      assertFalse(
          service
              .api("/admin/registrations?state=REGED", RegistrationFixture.TOKEN)
              .body()
              .contains("\"room\":\"73001\""));
      assertTrue(
          service.api("/admin/registrations?state=BOGUS", RegistrationFixture.TOKEN).statusCode()
              == 400);
      assertTrue(service.api("/admin/registrations", null).statusCode() == 401);
      assertFalse(kamailio.locationTable().contains("AoR: 73001"));
    }
  }
}
