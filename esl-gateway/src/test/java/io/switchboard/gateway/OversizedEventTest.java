package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.InterruptibleKafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event larger than Kafka takes (a 2 MiB {@code xml_locate root} reply, say) is set aside and
 * counted; everything behind it is published, also when it was already spooled before a restart.
 */
class OversizedEventTest {
  private static final int HUGE = 2 * 1024 * 1024;
  private static final List<String> SMALL_MARKS =
      IntStream.rangeClosed(1, 11).filter(i -> i != 6).mapToObj(Integer::toString).toList();

  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA =
      new InterruptibleKafkaExtension(GatewayFixture::createTopics);

  /** Events 1 to 11 in order; the 6th carries a 2 MiB body. */
  private static void fireStreamWithAHugeSixth(GatewayFixture f) {
    for (int i = 1; i <= 11; i++) {
      f.fs.fireEvent(
          "CUSTOM",
          "conference::maintenance",
          Map.of("Action", "test", "Mark", Integer.toString(i)),
          i == 6 ? "x".repeat(HUGE) : null);
    }
  }

  private static void assertEverySmallEventArrivedInOrder(GatewayFixture f) throws Exception {
    try (RecordCollector collector =
        new RecordCollector(
            KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_CONFERENCE))) {
      collector.await(r -> f.node.equals(r.key()), SMALL_MARKS.size(), Duration.ofSeconds(60));
      Thread.sleep(500);
      List<String> marks =
          collector.matching(r -> f.node.equals(r.key())).stream()
              .map(r -> Json.decode(r.value(), FsEvent.class).header("Mark"))
              .toList();
      assertEquals(SMALL_MARKS, marks, "the stream went on behind the huge event");
    }
  }

  private static void assertSetAsideAndCounted(GatewayFixture f) throws Exception {
    Path deadLetters = f.dataDir.resolve("spool").resolve("dead-letter");
    List<Path> files;
    try (Stream<Path> list = Files.list(deadLetters)) {
      files = list.toList();
    }
    assertEquals(1, files.size(), "one dead letter: " + files);
    FsEvent kept = Json.decode(Files.readAllBytes(files.get(0)), FsEvent.class);
    assertEquals("6", kept.header("Mark"));
    assertEquals(HUGE, kept.body().length(), "the whole event is kept");
    String metrics = f.metrics();
    assertTrue(
        metrics.matches(
            "(?s).*switchboard_gateway_events_oversized_total\\{[^}]*kept=\"true\"[^}]*} 1\\.0.*"),
        metrics);
  }

  @Test
  void aTwoMebibyteEventIsSetAsideAndEverythingAfterItIsPublished(@TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(KAFKA.broker().bootstrapServers(), dir)) {
      f.awaitConnected();
      fireStreamWithAHugeSixth(f);
      assertEverySmallEventArrivedInOrder(f);
      Await.until(() -> f.gateway.spooled() == 0, "nothing left waiting in the spool");
      assertSetAsideAndCounted(f);
    }
  }

  @Test
  void anEventTheBrokerRefusesAsTooLargeIsSetAsideAndTheStreamGoesOn(@TempDir Path dir)
      throws Exception {
    // The topic takes less than the gateway was told (TOPIC_MAX_MESSAGE_BYTES left at 1 MiB): the
    // producer sends the event and the broker refuses it. Random letters, so lz4 cannot shrink it.
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", KAFKA.broker().directBootstrapServers()))) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, Topics.EVENTS_SYSTEM),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "102400"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Random random = new Random(11);
    StringBuilder body = new StringBuilder();
    while (body.length() < 600 * 1024) {
      body.append((char) ('a' + random.nextInt(26)));
    }
    try (GatewayFixture f = new GatewayFixture(KAFKA.broker().bootstrapServers(), dir);
        RecordCollector collector =
            new RecordCollector(
                KAFKA.broker().directBootstrapServers(), List.of(Topics.EVENTS_SYSTEM))) {
      f.awaitConnected();
      for (int i = 1; i <= 11; i++) {
        f.fs.fireEvent(
            "RELOADXML",
            null,
            Map.of("Mark", Integer.toString(i)),
            i == 6 ? body.toString() : null);
      }
      collector.await(r -> f.node.equals(r.key()), SMALL_MARKS.size(), Duration.ofSeconds(60));
      Await.until(() -> f.gateway.spooled() == 0, "nothing left waiting in the spool");
      List<String> marks =
          collector.matching(r -> f.node.equals(r.key())).stream()
              .map(r -> Json.decode(r.value(), FsEvent.class).header("Mark"))
              .toList();
      assertEquals(SMALL_MARKS, marks, "the stream went on behind the refused event");
      List<Path> files;
      try (Stream<Path> list = Files.list(f.dataDir.resolve("spool").resolve("dead-letter"))) {
        files = list.toList();
      }
      assertEquals(1, files.size(), "one dead letter: " + files);
      assertEquals(
          "6", Json.decode(Files.readAllBytes(files.get(0)), FsEvent.class).header("Mark"));
    }
  }

  @Test
  void anOversizedEventSpooledBeforeARestartDoesNotBlockTheStreamAfterIt(@TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(KAFKA.broker().bootstrapServers(), dir)) {
      f.awaitConnected();
      KAFKA.broker().cut();
      try {
        fireStreamWithAHugeSixth(f);
        Await.until(() -> f.gateway.spooled() >= 11, "all eleven spooled while Kafka is away");
        f.stopGateway();
      } finally {
        KAFKA.broker().restore();
      }
      f.startGateway();
      assertEverySmallEventArrivedInOrder(f);
      Await.until(() -> f.gateway.spooled() == 0, "nothing left waiting in the spool");
      assertSetAsideAndCounted(f);
    }
  }
}
