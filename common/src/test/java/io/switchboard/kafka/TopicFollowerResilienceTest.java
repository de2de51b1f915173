package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.InterruptibleKafkaExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A follower keeps following whatever Kafka does: an outage longer than the client's API timeout, a
 * handler slower than {@code max.poll.interval.ms}, a handler that fails. Its thread never ends, it
 * says while it cannot follow, and offsets are committed only past what was handled.
 */
class TopicFollowerResilienceTest {
  @RegisterExtension
  static final InterruptibleKafkaExtension KAFKA = new InterruptibleKafkaExtension();

  private final Vertx vertx = Vertx.vertx();
  private TopicFollower follower;

  @AfterEach
  void tearDown() throws Exception {
    // A test that failed while Kafka was cut away must not leave the next one without it.
    KAFKA.broker().restore();
    if (follower != null) {
      follower.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String topic() {
    String name = "follow-" + UUID.randomUUID().toString().substring(0, 8);
    KAFKA.broker().createTopic(name, 2, false);
    return name;
  }

  /** Settings through the proxy, with the API timeout short enough to pass within a test. */
  private static KafkaSettings settings(Map<String, String> extra) {
    Map<String, String> keys =
        new java.util.HashMap<>(
            Map.of(
                "BOOTSTRAP_SERVERS",
                KAFKA.broker().bootstrapServers(),
                "DEFAULT_API_TIMEOUT_MS",
                "3000",
                "REQUEST_TIMEOUT_MS",
                "2000"));
    keys.putAll(extra);
    return KafkaSettings.fromPrefixed(keys);
  }

  private static void produce(String topic, int from, int to) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaSettings.of(KAFKA.broker().directBootstrapServers())
                .reliableProducer("producer-" + from))) {
      for (int i = from; i < to; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, "k" + (i % 5), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static long committed(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            KafkaSettings.of(KAFKA.broker().directBootstrapServers()).clientProperties())) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic))
          .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset())
          .sum();
    }
  }

  private Map<String, AtomicInteger> follow(
      String topic, String group, KafkaSettings settings, TopicFollower.BatchHandler extra) {
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    follower =
        TopicFollower.start(
            vertx,
            settings,
            TopicFollower.Options.group(group, List.of(topic), group, "earliest"),
            batch -> {
              batch.forEach(
                  r ->
                      seen.computeIfAbsent(
                              new String(r.value(), StandardCharsets.UTF_8),
                              k -> new AtomicInteger())
                          .incrementAndGet());
              return extra.handle(batch);
            });
    return seen;
  }

  @Test
  void anOutageLongerThanTheApiTimeoutIsSurvivedAndReportedAsNotFollowing() throws Exception {
    String topic = topic();
    String group = "g-" + topic;
    Map<String, AtomicInteger> seen =
        follow(topic, group, settings(Map.of()), batch -> Future.succeededFuture());
    produce(topic, 0, 200);
    Await.until(() -> seen.size() == 200, "the first records handled");
    Await.until(follower::following, "following");

    KAFKA.broker().cut();
    produce(topic, 200, 400);
    Await.until(
        () -> !follower.following(), "not following while Kafka is away", Duration.ofSeconds(30));
    Thread.sleep(6000);
    assertFalse(follower.following(), "still not following after twice the API timeout");

    KAFKA.broker().restore();
    Await.until(
        () -> seen.size() == 400,
        "records produced during the outage handled",
        Duration.ofSeconds(60));
    Await.until(follower::following, "following again", Duration.ofSeconds(30));
    Await.until(
        () -> committedQuietly(group, topic) == 400,
        "offsets committed past everything handled",
        Duration.ofSeconds(30));
  }

  @Test
  void aHandlerSlowerThanTheMaxPollIntervalKeepsTheGroupAndCommits() throws Exception {
    String topic = topic();
    String group = "g-" + topic;
    AtomicBoolean slowOnce = new AtomicBoolean(true);
    Map<String, AtomicInteger> seen =
        follow(
            topic,
            group,
            settings(Map.of("MAX_POLL_INTERVAL_MS", "1500", "MAX_POLL_RECORDS", "10")),
            batch -> {
              Promise<Void> done = Promise.promise();
              vertx.setTimer(slowOnce.getAndSet(false) ? 5000 : 1, t -> done.complete());
              return done.future();
            });
    produce(topic, 0, 30);
    Await.until(() -> seen.size() == 30, "every record handled", Duration.ofSeconds(60));
    Await.until(() -> committedQuietly(group, topic) == 30, "committed", Duration.ofSeconds(30));
    assertTrue(
        seen.values().stream().allMatch(n -> n.get() == 1),
        "no record handled twice: the group was kept through the slow batch: " + seen);
  }

  @Test
  void aFailedBatchIsDeliveredAgainAndCommittedOnlyOnceHandled() throws Exception {
    String topic = topic();
    String group = "g-" + topic;
    AtomicBoolean failOnce = new AtomicBoolean(true);
    Map<String, AtomicInteger> seen =
        follow(
            topic,
            group,
            settings(Map.of()),
            batch ->
                failOnce.getAndSet(false)
                    ? Future.failedFuture("broken")
                    : Future.succeededFuture());
    produce(topic, 0, 50);
    Await.until(
        () -> seen.size() == 50 && committedQuietly(group, topic) == 50,
        "every record handled and committed",
        Duration.ofSeconds(60));
    assertTrue(seen.values().stream().anyMatch(n -> n.get() == 2), "the failed batch came again");
    assertTrue(follower.following());
  }

  @Test
  void aCommitCutOffByAnOutageIsMadeWhenKafkaReturns() throws Exception {
    String topic = topic();
    String group = "g-" + topic;
    produce(topic, 0, 50);
    AtomicBoolean cut = new AtomicBoolean();
    Map<String, AtomicInteger> seen =
        follow(
            topic,
            group,
            settings(Map.of()),
            batch -> {
              // Handled, then Kafka goes away before the batch's offsets can be committed.
              if (cut.compareAndSet(false, true)) {
                KAFKA.broker().cut();
              }
              return Future.succeededFuture();
            });
    Await.until(cut::get, "the first batch handled");
    Await.until(
        () -> !follower.following(), "not following while Kafka is away", Duration.ofSeconds(30));
    assertEquals(0, committed(group, topic), "nothing committed while Kafka is away");
    KAFKA.broker().restore();
    Await.until(
        () -> seen.size() == 50 && committedQuietly(group, topic) == 50,
        "the handled records' offsets committed once Kafka is back",
        Duration.ofSeconds(60));
    assertTrue(
        seen.values().stream().allMatch(n -> n.get() == 1),
        "the commit was made again, not the records handled again: " + seen);
  }

  @Test
  void aFollowerClosedAfterManySmallBatchesLeavesNothingToTheNextOneInItsGroup() throws Exception {
    String topic = topic();
    String group = "g-" + topic;
    KafkaSettings oneAtATime = settings(Map.of("MAX_POLL_RECORDS", "1"));
    Map<String, AtomicInteger> first =
        follow(topic, group, oneAtATime, batch -> Future.succeededFuture());
    produce(topic, 0, 40);
    Await.until(() -> first.size() == 40, "every record handled", Duration.ofSeconds(60));
    follower.close();
    assertEquals(40, committed(group, topic), "committed past every handled record on close");

    Map<String, AtomicInteger> next =
        follow(topic, group, oneAtATime, batch -> Future.succeededFuture());
    produce(topic, 40, 45);
    Await.until(() -> next.size() == 5, "the new records handled", Duration.ofSeconds(60));
    Thread.sleep(500);
    assertEquals(
        List.of("40", "41", "42", "43", "44"),
        next.keySet().stream().sorted().toList(),
        "the next follower starts where the closed one ended");
  }

  private static long committedQuietly(String group, String topic) {
    try {
      return committed(group, topic);
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void aReplayFollowerReportsTheOutageAndCatchesUpAfter() throws Exception {
    String topic = topic();
    produce(topic, 0, 20);
    AtomicInteger handled = new AtomicInteger();
    follower =
        TopicFollower.start(
            vertx,
            settings(Map.of()),
            TopicFollower.Options.replay("replay-" + topic, List.of(topic)),
            batch -> {
              handled.addAndGet(batch.size());
              return Future.succeededFuture();
            });
    follower.caughtUp().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(20, handled.get());
    KAFKA.broker().cut();
    Await.until(
        () -> !follower.following(), "not following while Kafka is away", Duration.ofSeconds(30));
    produce(topic, 20, 30);
    KAFKA.broker().restore();
    Await.until(
        () -> handled.get() == 30 && follower.following(),
        "following again with the new records",
        Duration.ofSeconds(60));
  }
}
