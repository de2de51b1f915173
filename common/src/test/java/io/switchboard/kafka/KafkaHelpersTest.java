package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Topics;
import io.switchboard.testkit.kafka.InterruptibleKafka;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TopicAdmin, TopicFollower and RecordPublisher against a real broker. */
@ExtendWith(KafkaExtension.class)
class KafkaHelpersTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    Collections.reverse(closeables);
    for (AutoCloseable c : closeables) {
      c.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void produce(KafkaBroker broker, String topic, int from, int to) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaSettings.of(broker.bootstrapServers()).reliableProducer("test-producer"))) {
      for (int i = from; i < to; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, "key-" + (i % 3), String.valueOf(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  @Test
  void ensureCreatesMissingTopicsWithCompactionAndLeavesExistingOnes(KafkaBroker broker)
      throws Exception {
    String stream = unique("stream");
    String state = unique("state");
    broker.createTopic(stream, 1, false);
    KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
    await(
        TopicAdmin.ensure(
            vertx,
            settings,
            List.of(new Topics.Spec(stream, false), new Topics.Spec(state, true)),
            3,
            (short) 1));
    await(TopicAdmin.ensure(vertx, settings, List.of(new Topics.Spec(state, true)), 3, (short) 1));
    try (Admin admin = Admin.create(settings.clientProperties())) {
      var described =
          admin.describeTopics(List.of(stream, state)).allTopicNames().get(30, TimeUnit.SECONDS);
      assertEquals(
          1, described.get(stream).partitions().size(), "an existing topic is left as it is");
      assertEquals(3, described.get(state).partitions().size());
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, state);
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      assertEquals("compact", config.get("cleanup.policy").value());
    }
  }

  @Test
  void replayHandsOverEverythingInOrderAndSaysWhenCaughtUp(KafkaBroker broker) throws Exception {
    String topic = unique("replay");
    broker.createTopic(topic, 3, true);
    produce(broker, topic, 0, 300);
    List<String> seen = new CopyOnWriteArrayList<>();
    TopicFollower follower =
        TopicFollower.start(
            vertx,
            KafkaSettings.of(broker.bootstrapServers()),
            TopicFollower.Options.replay(unique("replayer"), List.of(topic)),
            batch -> {
              batch.forEach(
                  r -> seen.add(r.key() + "=" + new String(r.value(), StandardCharsets.UTF_8)));
              return Future.succeededFuture();
            });
    closeables.add(follower);
    await(follower.caughtUp());
    assertEquals(
        300,
        seen.size(),
        "caughtUp completes only after every record present at start was handled");
    for (int k = 0; k < 3; k++) {
      String key = "key-" + k;
      List<Integer> values =
          seen.stream()
              .filter(s -> s.startsWith(key + "="))
              .map(s -> Integer.parseInt(s.substring(key.length() + 1)))
              .toList();
      assertEquals(values.stream().sorted().toList(), values, "order within a key");
    }
    produce(broker, topic, 300, 310);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (seen.size() < 310 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(310, seen.size(), "keeps following after catching up");
  }

  @Test
  void replayOfAnEmptyTopicIsCaughtUpAtOnce(KafkaBroker broker) throws Exception {
    String topic = unique("empty");
    broker.createTopic(topic, 2, true);
    TopicFollower follower =
        TopicFollower.start(
            vertx,
            KafkaSettings.of(broker.bootstrapServers()),
            TopicFollower.Options.replay(unique("replayer"), List.of(topic)),
            batch -> Future.succeededFuture());
    closeables.add(follower);
    await(follower.caughtUp());
  }

  @Test
  void groupModeCommitsOnlyWhatTheHandlerFinished(KafkaBroker broker) throws Exception {
    String topic = unique("group");
    String group = unique("g");
    broker.createTopic(topic, 1, false);
    produce(broker, topic, 0, 50);
    List<ConsumerRecord<String, byte[]>> handled = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    TopicFollower follower =
        TopicFollower.start(
            vertx,
            KafkaSettings.of(broker.bootstrapServers()),
            TopicFollower.Options.group(unique("member"), List.of(topic), group, "earliest"),
            batch -> {
              handled.addAll(batch);
              // The first batch stays unfinished until the test releases it.
              return Future.fromCompletionStage(release);
            });
    closeables.add(follower);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (handled.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(handled.isEmpty());
    int firstBatch = handled.size();
    Thread.sleep(500);
    assertEquals(firstBatch, handled.size(), "no second batch while the first is being handled");
    assertEquals(
        -1, committed(broker, group, topic), "nothing committed before the handler finished");
    release.complete(null);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (committed(broker, group, topic) < 50 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(50, committed(broker, group, topic));
    assertEquals(50, handled.size());
  }

  private static long committed(KafkaBroker broker, String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(KafkaSettings.of(broker.bootstrapServers()).clientProperties())) {
      var offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      var meta = offsets.get(new TopicPartition(topic, 0));
      return meta == null ? -1 : meta.offset();
    }
  }

  @Test
  void publisherCompletesOnlyWhenTheBrokerHasTheRecord() throws Exception {
    try (InterruptibleKafka kafka = InterruptibleKafka.start()) {
      String topic = unique("published");
      kafka.createTopic(topic, 1, false);
      RecordPublisher publisher =
          new RecordPublisher(KafkaSettings.of(kafka.bootstrapServers()), "publisher-test");
      closeables.add(publisher);
      RecordMetadata first =
          await(publisher.send(vertx, topic, "k", "before".getBytes(StandardCharsets.UTF_8)));
      assertEquals(0, first.offset());

      kafka.cut();
      Future<RecordMetadata> during =
          publisher.send(vertx, topic, "k", "during".getBytes(StandardCharsets.UTF_8));
      Thread.sleep(1500);
      assertFalse(during.isComplete(), "no acknowledgement while Kafka is unreachable");
      assertEquals(1, endOffset(kafka.directBootstrapServers(), topic));

      kafka.restore();
      assertEquals(1, await(during).offset());
      assertEquals(2, endOffset(kafka.directBootstrapServers(), topic));
      assertTrue(during.succeeded());
    }
  }

  private static long endOffset(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(KafkaSettings.of(bootstrap).clientProperties())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      return admin
          .listOffsets(Map.of(tp, OffsetSpec.latest()))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(tp)
          .offset();
    }
  }
}
