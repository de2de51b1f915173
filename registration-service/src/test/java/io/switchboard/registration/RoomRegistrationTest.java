package io.switchboard.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.registration.fixture.RegistrationFixture;
import io.switchboard.registration.fixture.SimulatedNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import io.switchboard.testkit.kamailio.Kamailio;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against real parts: the test broker, real esl-gateway processes, simulated FreeSWITCH
 * nodes with sofia gateways over real SIP, and Kamailio running deploy/'s registrar.
 */
@ExtendWith(KafkaExtension.class)
class RoomRegistrationTest {
  private static final String SECRET = "registrar-secret";
  private static final Duration SLOW = Duration.ofSeconds(60);

  @BeforeAll
  static void topics(KafkaBroker broker) {
    RegistrationFixture.createTopics(broker);
  }

  private static long rescans(SimulatedNode node) {
    return node.fs.commandLog().stream().filter(c -> c.contains("rescan")).count();
  }

  @Test
  void roomsCreatedTogetherShareOneRescanRegisterAtKamailioAndLeaveWhenTheyEnd(
      KafkaBroker broker,
      @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-1", broker.bootstrapServers(), dir);
        RecordCollector topics =
            new RecordCollector(
                broker.bootstrapServers(),
                List.of(Topics.COMMANDS, Topics.COMMAND_RESULTS, Topics.SIP_REGISTRATIONS));
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .with("REGISTRATION_RESCAN_WINDOW", "1s")
                .start()) {
      // A node's events arrive in order: echo's create is handled before the rooms'.
      node.fs.createConference("echo");
      node.fs.createConference("71234");
      node.fs.createConference("71235");
      for (String room : List.of("71234", "71235")) {
        awaitState(service, node, kamailio, room, "REGED");
      }
      assertEquals(1, rescans(node), node.fs.commandLog().toString());
      assertFalse(node.hasFile("conf_echo"));
      String table = kamailio.locationTable();
      for (String room : List.of("71234", "71235")) {
        assertTrue(table.contains("AoR: " + room + "\n"), table);
        assertTrue(
            table.contains("@" + node.fs.sipAddress() + ";transport=udp;gw=conf_" + room), table);
      }
      String file = node.readFile("conf_71234");
      assertTrue(file.startsWith("<include>\n"), file);
      assertFalse(service.registration("71234").encode().contains(password(file)));
      assertThePasswordIsOnlyInTheFile(topics, node, password(file));
      assertEquals(1.0, service.metric("switchboard_registration_ignored_conferences_total"));
      assertEquals(
          2.0, service.metric("switchboard_registration_registrations", "state=\"REGED\""));

      node.fs.destroyConference("71234");
      Await.until(() -> service.registration("71234") == null, "71234 gone from the API", SLOW);
      Await.until(() -> !node.hasFile("conf_71234"), "71234's file deleted", SLOW);
      Await.until(
          () -> !kamailio.locationTable().contains("AoR: 71234\n"), "71234's binding gone", SLOW);
      assertNull(node.fs.gatewayStates().get("conf_71234"));
      assertTrue(kamailio.locationTable().contains("AoR: 71235\n"));
    }
  }

  /**
   * killgw is asynchronous: the old gateway's DOWN and gateway_delete come after the new one of the
   * same name was added (sofia.c:3784). They must not touch the new registration.
   */
  @Test
  void aRoomDestroyedAndCreatedAgainAtOnceKeepsItsNewRegistration(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET);
        SimulatedNode node = new SimulatedNode("bbb-r", broker.bootstrapServers(), dir);
        RecordCollector sofia =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_SOFIA));
        RegistrationFixture service =
            new RegistrationFixture(broker.bootstrapServers(), kamailio.address(), SECRET)
                .start()) {
      node.fs.createConference("75001");
      awaitState(service, node, kamailio, "75001", "REGED");
      long first = service.registration("75001").getLong("generation");

      node.fs.destroyConference("75001");
      node.fs.createConference("75001");
      Await.until(
          () -> {
            // One read: the room is briefly absent between its destroy and its create.
            JsonObject r = service.registration("75001");
            return r != null
                && r.getLong("generation") > first
                && "REGED".equals(r.getString("state"));
          },
          "75001's new generation REGED",
          SLOW);
      // Once the old gateway's gateway_delete was published, its late events are all in.
      sofia.await(
          r -> {
            FsEvent e = Json.decode(r.value(), FsEvent.class);
            return "bbb-r".equals(e.node())
                && "sofia::gateway_delete".equals(e.subclass())
                && "conf_75001".equals(e.header("Gateway"));
          },
          1,
          SLOW);
      assertEquals("REGED", service.stateOf("75001"), service.registration("75001").encode());
      assertEquals("REGED", node.fs.gatewayStates().get("conf_75001"));
      assertTrue(node.hasFile("conf_75001"));
      assertTrue(kamailio.locationTable().contains("AoR: 75001\n"));
    }
  }

  /**
   * The issue's rule: the gateway file is the only place the password is written. Every record of
   * the topics (read from their beginning) and the gateway's log are searched for it and for the
   * rendered password param; the puts that wrote the files did go over fs.commands, sealed.
   */
  private static void assertThePasswordIsOnlyInTheFile(
      RecordCollector topics, SimulatedNode node, String password) {
    List<String> puts =
        topics
            .await(
                r ->
                    r.topic().equals(Topics.COMMANDS)
                        && text(r.value()).contains("\"op\":\"files.put\""),
                2,
                SLOW)
            .stream()
            .map(r -> text(r.value()))
            .toList();
    for (String put : puts) {
      Command command = Json.decode(put.getBytes(StandardCharsets.UTF_8), Command.class);
      assertTrue(
          command.files().stream()
              .allMatch(file -> file.content() == null && file.sealedContent() != null),
          put);
    }
    List<String> leaks =
        topics
            .matching(
                r ->
                    text(r.value()).contains(password)
                        || text(r.value()).contains("<param name=\"password\""))
            .stream()
            .map(r -> r.topic() + ": " + text(r.value()))
            .toList();
    assertEquals(List.of(), leaks, "records holding the password");
    assertFalse(node.gatewayLog().contains(password), "the gateway's log holds the password");
  }

  private static String text(byte[] value) {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  /** Waits for the API to show {@code state}; a failure tells what each part saw. */
  static void awaitState(
      RegistrationFixture service,
      SimulatedNode node,
      Kamailio kamailio,
      String room,
      String state) {
    try {
      Await.until(() -> state.equals(service.stateOf(room)), room + " " + state, SLOW);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\nAPI: "
              + service.registration(room)
              + "\ncommands: "
              + node.fs.commandLog()
              + "\ngateways: "
              + node.fs.gatewayStates()
              + "\nkamailio: "
              + kamailio.log(),
          e);
    }
  }

  private static String password(String file) {
    int at = file.indexOf("name=\"password\" value=\"") + "name=\"password\" value=\"".length();
    return file.substring(at, file.indexOf('"', at));
  }
}
