package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.freeswitch.MalformedFrame;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** FreeSWITCH events through the gateway onto the real broker. */
@ExtendWith(KafkaExtension.class)
class EventPublishingTest {
  private static final TopicContract CONTRACT = TopicContract.load();

  @BeforeAll
  static void topics(KafkaBroker broker) {
    GatewayFixture.createTopics(broker);
  }

  private static long logins(GatewayFixture f) {
    return f.fs.commandLog().stream().filter(c -> c.equals("auth ***")).count();
  }

  private static FsEvent event(ConsumerRecord<String, byte[]> r) {
    CONTRACT.validate(r.topic(), r.value());
    return Json.decode(r.value(), FsEvent.class);
  }

  private static FsEvent first(
      RecordCollector collector, Predicate<ConsumerRecord<String, byte[]>> which) {
    return event(collector.await(which, 1, Duration.ofSeconds(30)).get(0));
  }

  /** Names and numbers outside ASCII survive, and the headers keep FreeSWITCH's order. */
  private static void assertAddMemberCarriesTheCallerAsSent(String node, FsEvent add) {
    assertEquals(node, add.node());
    assertEquals("0", add.socket());
    assertEquals("CUSTOM", add.name());
    assertEquals("conference::maintenance", add.subclass());
    assertEquals("Zoë Müller", add.header("Caller-Caller-ID-Name"));
    assertEquals("+4930123456", add.header("Caller-Caller-ID-Number"));
    assertEquals("72013", add.header("Conference-Name"));
    assertEquals(
        List.of("Event-Name", "Core-UUID", "FreeSWITCH-Hostname"),
        add.headers().keySet().stream().limit(3).toList());
  }

  @Test
  void eventsLandOnTheirTopicsWithExactHeadersAndInOrder(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir);
        RecordCollector collector =
            new RecordCollector(
                broker.bootstrapServers(),
                List.of(Topics.EVENTS_CONFERENCE, Topics.EVENTS_SYSTEM, Topics.EVENTS_SOFIA))) {
      f.awaitConnected();
      int alice = f.fs.addMember("72013", "Zoë Müller", "+4930123456");
      f.fs.startTalking("72013", alice);
      f.fs.removeMember("72013", alice);
      f.fs.heartbeat();
      f.fs.fireEvent(
          "CUSTOM",
          "sofia::gateway_state",
          Map.of("Gateway", "room-72013", "State", "REGED"),
          null);

      List<FsEvent> conference =
          collector
              .await(
                  r -> r.topic().equals(Topics.EVENTS_CONFERENCE) && f.node.equals(r.key()),
                  7,
                  Duration.ofSeconds(30))
              .stream()
              .map(EventPublishingTest::event)
              .toList();
      // The first member takes the floor and drops it on leaving, as mod_conference does.
      assertEquals(
          List.of(
              "conference-create",
              "add-member",
              "floor-change",
              "start-talking",
              "floor-change",
              "del-member",
              "conference-destroy"),
          conference.stream().map(e -> e.header("Action")).toList(),
          "a room's create comes before its destroy");
      assertAddMemberCarriesTheCallerAsSent(f.node, conference.get(1));
      for (int i = 1; i < conference.size(); i++) {
        assertTrue(
            conference.get(i).seq() > conference.get(i - 1).seq(), "per-connection sequence grows");
      }
      FsEvent heartbeat =
          first(
              collector,
              r ->
                  r.topic().equals(Topics.EVENTS_SYSTEM)
                      && f.node.equals(r.key())
                      && Json.decode(r.value(), FsEvent.class).name().equals("HEARTBEAT"));
      assertEquals("System Ready", heartbeat.header("Event-Info"));
      FsEvent sofia =
          first(collector, r -> r.topic().equals(Topics.EVENTS_SOFIA) && f.node.equals(r.key()));
      assertEquals("REGED", sofia.header("State"));
    }
  }

  @Test
  void aRestartedFreeSwitchIsReconnectedAndSubscribedAgain(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir);
        RecordCollector collector =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      f.awaitConnected();
      f.fs.createConference("before");
      String firstCore = f.fs.coreUuid();
      f.fs.restart(Duration.ofMillis(500));
      Await.until(
          () ->
              f.fs.connectedClients() == 1
                  && !f.fs.subscriptions().isEmpty()
                  && f.fs.subscriptions().get(0).contains("CUSTOM conference::maintenance"),
          "re-subscribed after restart");
      Await.until(() -> f.gateway.sockets().all().get(0).connected(), "connected again");
      f.fs.createConference("after");
      List<FsEvent> events =
          collector.await(r -> f.node.equals(r.key()), 2, Duration.ofSeconds(30)).stream()
              .map(EventPublishingTest::event)
              .toList();
      assertEquals(
          List.of("before", "after"),
          events.stream().map(e -> e.header("Conference-Name")).toList());
      assertNotEquals(
          firstCore, events.get(1).header("Core-UUID"), "the events come from the new process");
      assertTrue(f.metrics().contains("switchboard_gateway_reconnects_total"));
    }
  }

  @Test
  void malformedFramesCostAReconnectAndNothingElse(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir);
        RecordCollector collector =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      f.awaitConnected();
      int connections = 1;
      for (MalformedFrame frame : MalformedFrame.values()) {
        f.fs.sendMalformedFrame(frame);
        int expected = ++connections;
        Await.until(
            () ->
                logins(f) == expected
                    && f.fs.connectedClients() == 1
                    && f.gateway.sockets().all().get(0).connected(),
            "reconnected after " + frame);
      }
      f.fs.createConference("still-working");
      collector.await(r -> f.node.equals(r.key()), 1, Duration.ofSeconds(30));
      String metrics = f.metrics();
      assertTrue(
          metrics.matches(
              "(?s).*switchboard_gateway_protocol_errors_total\\{[^}]*socket=\"0\"[^}]*} 5\\.0.*"),
          metrics);
    }
  }

  @Test
  void twoMissedHeartbeatsMeanADeadConnection(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    SimulatorOptions heartbeats =
        SimulatorOptions.defaults().withHeartbeatInterval(Duration.ofMillis(200));
    try (GatewayFixture f =
        new GatewayFixture(
            broker.bootstrapServers(), dir, heartbeats, Map.of("FS_HEARTBEAT_INTERVAL", "200ms"))) {
      f.awaitConnected();
      assertEquals(1, logins(f));
      f.fs.freeze();
      // A hung FreeSWITCH keeps the connection open; only the missing heartbeats tell.
      Await.until(() -> logins(f) == 2, "a new connection after two missed heartbeats");
      f.fs.thaw();
      f.awaitConnected();
      assertTrue(f.metrics().contains("switchboard_gateway_reconnects_total"));
    }
  }
}
