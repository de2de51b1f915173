package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @Test
  void answersClientsOnTheChosenPortAndDeletesItsTemporaryDirectory() throws Exception {
    int port = freePort();
    Path dataDirectory;
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(port).start()) {
      dataDirectory = kafka.dataDirectory();
      assertEquals("localhost:" + port, kafka.bootstrapServers());
      assertTrue(Files.isRegularFile(dataDirectory.resolve("meta.properties")));

      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port))) {
        Collection<Node> nodes = admin.describeCluster().nodes().get();
        assertEquals(1, nodes.size());
        Node node = nodes.iterator().next();
        assertEquals("localhost", node.host());
        assertEquals(port, node.port());
      }
      kafka.createTopic("embedded-compacted", 2, true);
      try (var producer = Clients.producer(kafka.bootstrapServers())) {
        producer.send(new ProducerRecord<>("embedded-compacted", "room-1", "up")).get();
      }
      List<ConsumerRecord<String, String>> records =
          Clients.consumeFromStart(kafka.bootstrapServers(), "embedded-compacted", 1);
      assertEquals("room-1", records.get(0).key());
    }
    assertFalse(
        Files.exists(dataDirectory), "temporary data directory left behind: " + dataDirectory);
  }

  @Test
  void keepsTopicsRecordsAndOffsetsInAGivenDataDirectoryAcrossRestarts(@TempDir Path root)
      throws Exception {
    Path dataDirectory = root.resolve("kafka-data");
    String topic = "embedded-kept";
    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(freePort()).dataDirectory(dataDirectory).start()) {
      kafka.createTopic(topic, 1, false);
      try (var producer = Clients.producer(kafka.bootstrapServers())) {
        producer.send(new ProducerRecord<>(topic, "a", "first run")).get();
      }
      try (var consumer = Clients.consumer(kafka.bootstrapServers(), "embedded-group")) {
        consumer.subscribe(List.of(topic));
        assertEquals("first run", Clients.poll(consumer, 1).get(0).value());
        consumer.commitSync();
      }
    }
    assertTrue(
        Files.isRegularFile(dataDirectory.resolve("meta.properties")), "data directory kept");

    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(freePort()).dataDirectory(dataDirectory).start()) {
      assertEquals(dataDirectory.toAbsolutePath(), kafka.dataDirectory());
      kafka.createTopic(topic, 1, false);
      try (var producer = Clients.producer(kafka.bootstrapServers())) {
        producer.send(new ProducerRecord<>(topic, "b", "second run")).get();
      }
      assertEquals(
          List.of("first run", "second run"),
          Clients.consumeFromStart(kafka.bootstrapServers(), topic, 2).stream()
              .map(ConsumerRecord::value)
              .toList());
      try (var consumer = Clients.consumer(kafka.bootstrapServers(), "embedded-group")) {
        consumer.subscribe(List.of(topic));
        assertEquals(
            "second run",
            Clients.poll(consumer, 1).get(0).value(),
            "the group's committed offset survived");
      }
    }
  }

  @Test
  void refusesAPortInUseWithAClearMessage() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> EmbeddedKafka.builder().port(port).start());
      assertTrue(
          e.getMessage().contains("port " + port + " on 127.0.0.1 is already in use"),
          e.getMessage());
    }
  }

  @Test
  void rejectsPortsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().port(0));
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.builder().port(65_536));
  }

  /**
   * A port nobody listens on right now; the demo's fixed 9092 may be taken on a developer machine.
   */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
