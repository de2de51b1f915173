package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With TOPIC_PREFIX set, a gateway creates, writes and reads only prefixed topics, so two
 * Switchboards share one Kafka cluster without seeing each other's records.
 */
@ExtendWith(KafkaExtension.class)
class TopicPrefixTest {

  private static <T> T first(RecordCollector records, String topic, String key, Class<T> type) {
    return Json.decode(
        records
            .await(r -> r.topic().equals(topic) && key.equals(r.key()), 1, Duration.ofSeconds(30))
            .get(0)
            .value(),
        type);
  }

  @Test
  void aPrefixedGatewayPublishesAndTakesCommandsOnlyUnderItsPrefix(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + ".";
    // The unprefixed topics exist too, as on a cluster another Switchboard shares. The prefixed
    // ones are made here: the gateway creates them too, but only once Kafka answers, after start.
    GatewayFixture.createTopics(broker);
    Topics.ALL.forEach(t -> broker.createTopic(prefix + t.name(), 3, t.compacted()));
    try (GatewayFixture f =
            new GatewayFixture(
                broker.bootstrapServers(),
                dir,
                SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
                Map.of("TOPIC_PREFIX", prefix));
        RecordCollector prefixed =
            new RecordCollector(
                broker.bootstrapServers(),
                List.of(
                    prefix + Topics.EVENTS_CONFERENCE,
                    prefix + Topics.COMMAND_RESULTS,
                    prefix + Topics.NODES));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                KafkaSettings.of(broker.bootstrapServers()).reliableProducer("prefix-test"))) {
      f.awaitConnected();
      f.fs.createConference("72013");
      FsEvent created = first(prefixed, prefix + Topics.EVENTS_CONFERENCE, f.node, FsEvent.class);
      assertEquals("conference-create", created.header("Action"));

      Command status = CommandBus.api(f.node, "status");
      producer
          .send(new ProducerRecord<>(prefix + Topics.COMMANDS, f.node, Json.encode(status)))
          .get();
      CommandResult result =
          first(prefixed, prefix + Topics.COMMAND_RESULTS, status.id(), CommandResult.class);
      assertEquals(CommandResult.Status.OK, result.status(), result.error());
      first(prefixed, prefix + Topics.NODES, f.node, Object.class);

      try (RecordCollector plain =
          new RecordCollector(broker.bootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
        Thread.sleep(1000);
        assertEquals(
            List.of(),
            plain.matching(r -> f.node.equals(r.key())),
            "nothing of this node on the unprefixed topic");
      }
    }
  }
}
