package io.switchboard.registration;

import static io.switchboard.registration.RoomRegistrationTest.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.registration.fixture.RegistrationFixture;
import io.switchboard.registration.fixture.SimulatedNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kamailio.Kamailio;
import io.switchboard.testkit.kamailio.Sipp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two nodes behind one Kamailio: each room is bound to the contact of the node hosting it, a call
 * for the room number goes there, a moved room's calls go to its new node, and an ended room's
 * calls find no binding. The simulated FreeSWITCH ignores INVITEs, so where a call went is read
 * from the registrar's routing log line (deploy/kamailio/registrar.cfg, route[ROOM]). Run twice:
 * over IPv4 with BBB's external profile, and over IPv6 with Kamailio on [::1] and the nodes'
 * external-ipv6 profile (sip-ip ::1), the registrar given as [::1]:port.
 */
@ExtendWith(KafkaExtension.class)
class TwoNodesTest {
  private static final String SECRET = "two-nodes-secret";
  private static final Duration SLOW = Duration.ofSeconds(60);

  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  @ParameterizedTest(name = "registrar on {0}, profile {1}")
  @CsvSource({"127.0.0.1, external", "::1, external-ipv6"})
  void callsForARoomReachTheNodeHostingItFollowAMoveAndStopWhenTheRoomEnds(
      String registrar, String profile, KafkaBroker broker, @TempDir Path dir) throws Exception {
    String v = profile.equals("external") ? "" : "6";
    try (Kamailio kamailio = Kamailio.start(registrar, SECRET);
        SimulatedNode a =
            new SimulatedNode("bbb-a" + v, broker.bootstrapServers(), dir.resolve("a"), profile);
        SimulatedNode b =
            new SimulatedNode("bbb-b" + v, broker.bootstrapServers(), dir.resolve("b"), profile);
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .with(
                    "REGISTRATION_NODE_PROFILES", a.id + "=" + profile + "," + b.id + "=" + profile)
                .start()) {
      a.fs.createConference("72001");
      b.fs.createConference("72002");
      awaitState(service, a, kamailio, "72001", "REGED");
      awaitState(service, b, kamailio, "72002", "REGED");
      assertEquals(a.id, service.registration("72001").getString("node"));
      assertEquals(b.id, service.registration("72002").getString("node"));
      assertRoutedTo(kamailio, "72001", a, dir);
      assertRoutedTo(kamailio, "72002", b, dir);

      // The balancer's move: the room starts on b, then ends on a.
      b.fs.createConference("72001");
      Await.until(
          () -> b.id.equals(service.registration("72001").getString("node")),
          "72001 registered from " + b.id,
          SLOW);
      awaitState(service, b, kamailio, "72001", "REGED");
      a.fs.destroyConference("72001");
      Await.until(
          () -> !kamailio.locationTable().contains("@" + a.sipAddress() + ";"),
          a.id + "'s binding gone",
          SLOW);
      JsonObject moved = service.registration("72001");
      assertEquals(b.id, moved.getString("node"));
      assertEquals("REGED", moved.getString("state"), moved.encode());
      assertRoutedTo(kamailio, "72001", b, dir);
      assertFalse(a.hasFile("conf_72001"));

      b.fs.destroyConference("72001");
      Await.until(
          () -> !kamailio.locationTable().contains("AoR: 72001\n"), "72001's binding gone", SLOW);
      Sipp.invite(kamailio.address(), "72001", Files.createDirectories(dir.resolve("sipp")));
      Await.until(
          () -> kamailio.log().contains("ROOM 72001: no binding"), "no binding for 72001", SLOW);
    }
  }

  private static void assertRoutedTo(Kamailio kamailio, String room, SimulatedNode node, Path dir)
      throws Exception {
    String line =
        "ROOM " + room + ": INVITE to sip:gw+conf_" + room + "@" + node.sipAddress() + ";";
    long before = count(kamailio.log(), line);
    Sipp.invite(kamailio.address(), room, Files.createDirectories(dir.resolve("sipp")));
    Await.until(
        () -> count(kamailio.log(), line) > before, "INVITE for " + room + " to " + node.id, SLOW);
  }

  private static long count(String text, String part) {
    return text.lines().filter(l -> l.contains(part)).count();
  }
}
