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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room living longer than its credentials: Kamailio's auth_ephemeral refuses a username whose
 * expiry has passed, so without a renewal the gateway's next refresh fails and the room is no
 * longer reachable by phone. With a 10 s lifetime and refreshes every couple of seconds
 * (expire-seconds 60 at the simulator's 50 ms sofia second), the room must still be REGED well
 * after its first credentials expired, registered with newer ones, its generation unchanged.
 */
@ExtendWith(KafkaExtension.class)
class CredentialRenewalTest {
  private static final String SECRET = "renewal-secret";
  private static final Pattern USERNAME =
      Pattern.compile("name=\"username\" value=\"(\\d+):(\\d+)\"");

  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  @Test
  void aRoomOutlivingItsCredentialsIsRegisteredAgainWithFreshOnesBeforeTheyExpire(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-renew", broker.bootstrapServers(), dir);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .with("REGISTRAR_CREDENTIAL_LIFETIME", "10s")
                .with("REGISTRAR_EXPIRE_SECONDS", "60")
                .start()) {
      node.fs.createConference("76001");
      awaitState(service, node, kamailio, "76001", "REGED");
      long generation = service.registration("76001").getLong("generation");
      long firstExpiry = expiry(node.readFile("conf_76001"));

      // Past the first credentials' expiry by several refreshes and a REGISTER's timeout.
      long until = (firstExpiry + 8) * 1000;
      while (System.currentTimeMillis() < until) {
        Thread.sleep(200);
      }
      Await.until(
          () -> "REGED".equals(service.stateOf("76001")) && node.hasFile("conf_76001"),
          "76001 REGED after its first credentials expired",
          Duration.ofSeconds(30));
      assertTrue(
          expiry(node.readFile("conf_76001")) > firstExpiry,
          "the gateway file has new credentials");
      assertEquals("REGED", node.fs.gatewayStates().get("conf_76001"));
      assertEquals(generation, service.registration("76001").getLong("generation"));
      assertEquals(0.0, service.metric("switchboard_registration_failures_total"));
      assertTrue(service.metric("switchboard_registration_credential_renewals_total") >= 1);
      assertTrue(
          node.fs.commandLog().stream().anyMatch(c -> c.contains("killgw conf_76001")),
          node.fs.commandLog().toString());
      assertTrue(kamailio.locationTable().contains("AoR: 76001\n"));
    }
  }

  private static long expiry(String file) {
    Matcher m = USERNAME.matcher(file);
    assertTrue(m.find(), file);
    return Long.parseLong(m.group(1));
  }
}
