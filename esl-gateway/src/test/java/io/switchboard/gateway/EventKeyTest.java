package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** node + epoch + seq names one event over the node's lifetime; seq alone starts again. */
@ExtendWith(KafkaExtension.class)
class EventKeyTest {
  private static final TopicContract CONTRACT = TopicContract.load();

  @BeforeAll
  static void topics(KafkaBroker broker) {
    GatewayFixture.createTopics(broker);
  }

  private static long logins(GatewayFixture f) {
    return f.fs.commandLog().stream().filter(c -> c.equals("auth ***")).count();
  }

  @Test
  void eventsAfterAReconnectAndARestartCarryANewEpochSoTheirKeysNeverRepeat(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir);
        RecordCollector collector =
            new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      f.awaitConnected();
      f.fs.createConference("first");
      f.fs.dropConnections();
      Await.until(
          () ->
              logins(f) == 2
                  && f.fs.connectedClients() == 1
                  && f.gateway.sockets().all().get(0).connected(),
          "reconnected");
      f.fs.createConference("second");
      f.stopGateway();
      f.startGateway();
      Await.until(
          () ->
              logins(f) == 3
                  && f.fs.connectedClients() == 1
                  && f.gateway.sockets().all().get(0).connected(),
          "connected after the restart");
      f.fs.createConference("third");

      List<FsEvent> events =
          collector.await(r -> f.node.equals(r.key()), 3, Duration.ofSeconds(30)).stream()
              .map(
                  r -> {
                    CONTRACT.validate(r.topic(), r.value());
                    return Json.decode(r.value(), FsEvent.class);
                  })
              .toList();
      assertEquals(
          List.of("first", "second", "third"),
          events.stream().map(e -> e.header("Conference-Name")).toList());
      assertEquals(
          List.of(1L, 1L, 1L),
          events.stream().map(FsEvent::seq).toList(),
          "seq starts again on each connection");
      assertTrue(events.get(0).epoch() > 0, "an epoch is set");
      assertTrue(events.get(1).epoch() > events.get(0).epoch(), "a reconnect takes a new epoch");
      assertTrue(
          events.get(2).epoch() > events.get(1).epoch(),
          "a restart takes a new epoch, not an old one again");
    }
  }
}
