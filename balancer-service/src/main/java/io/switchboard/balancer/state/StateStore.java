package io.switchboard.balancer.state;

import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.Json;
import io.switchboard.config.ConfigException;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicFollower;
import io.switchboard.security.SecretSealer.SealException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes state records and tells the writer what they did once this instance has applied them in
 * log order: a write's future completes only after Kafka acknowledged it (at an offset) AND the
 * follower applied that offset, so an answer to a client reflects the topic, including claims
 * another instance won first.
 *
 * <p>Confined to the balancer's Vert.x context: the acknowledgements and the follower's batches
 * both arrive there, in whichever order, so the bookkeeping needs no locks.
 */
public final class StateStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

  private final Vertx vertx;
  private final ClusterState state;
  private final StateTopics topics;
  private final RecordPublisher publisher;
  private final TopicFollower follower;
  private final BiConsumer<String, byte[]> tenantRecords;

  /** Per partition, the offset after the last record applied. */
  private final Map<TopicPartition, Long> applied = new HashMap<>();

  private final Map<TopicPartition, PriorityQueue<Waiter>> waiting = new HashMap<>();
  private final Admin admin;
  private final Context context;

  private record Waiter(long offset, Promise<Void> promise) {}

  /**
   * @param tenantRecords applies a record of {@code bbb.tenants} (null value: a tombstone); throws
   *     a RuntimeException naming what is wrong with a record it cannot apply
   */
  public StateStore(
      Vertx vertx,
      KafkaSettings kafka,
      StateTopics topics,
      String instanceId,
      ClusterState state,
      BiConsumer<String, byte[]> tenantRecords) {
    this.vertx = vertx;
    this.tenantRecords = tenantRecords;
    this.topics = topics;
    this.state = state;
    this.publisher = new RecordPublisher(kafka, instanceId + "-state");
    this.admin = Admin.create(kafka.clientProperties());
    this.context = vertx.getOrCreateContext();
    this.follower =
        TopicFollower.start(
            vertx,
            kafka,
            TopicFollower.Options.replay(instanceId + "-state", topics.all()),
            this::apply);
  }

  /** Completes when everything on the topics at start-up has been applied. */
  public Future<Void> caughtUp() {
    return follower.caughtUp();
  }

  /**
   * The follower of the state topics and the publisher of state records, for readiness and metrics.
   */
  public TopicFollower follower() {
    return follower;
  }

  public RecordPublisher publisher() {
    return publisher;
  }

  public ClusterState state() {
    return state;
  }

  public Future<Void> putServer(ServerRecord record) {
    return write(topics.servers(), record.id(), Json.encode(record));
  }

  public Future<Void> removeServer(String id) {
    return write(topics.servers(), id, null);
  }

  /** Writes a tenant's record (null: a tombstone); completes once applied here. */
  public Future<Void> putTenant(String id, byte[] value) {
    return write(topics.tenants(), id, value);
  }

  /** Writes a meeting record; completes with what it did, once applied here. */
  public Future<ClusterState.MeetingOutcome> putMeeting(MeetingRecord record) {
    return write(topics.meetings(), record.meetingId(), Json.encode(record))
        .map(v -> state.outcomeOf(record))
        .compose(
            outcome -> {
              if (!outcome.accepted()
                  && record.kind() == MeetingRecord.Kind.CLAIM
                  && outcome.current().isPresent()) {
                // Compaction keeps the last record per key, which is our losing claim: write the
                // winner's placement again after it so that a replay still finds the winner.
                MeetingRecord winner = outcome.current().get().record();
                return write(
                        topics.meetings(),
                        winner.meetingId(),
                        Json.encode(winner.as(MeetingRecord.Kind.UPDATE, winner.instance())))
                    .map(v -> outcome);
              }
              return Future.succeededFuture(outcome);
            });
  }

  /** Claims a voice bridge; completes with the meeting that owns it afterwards. */
  public Future<String> claimBridge(VoiceBridgeRecord record) {
    return write(topics.voiceBridges(), record.voiceBridge(), Json.encode(record))
        .map(v -> state.bridgeOwner(record.voiceBridge()).orElse(record.meetingId()))
        .compose(
            owner -> {
              if (owner.equals(record.meetingId())) {
                return Future.succeededFuture(owner);
              }
              // As for meetings: the owner's claim must stay the last record of its key.
              VoiceBridgeRecord kept =
                  new VoiceBridgeRecord(
                      VoiceBridgeRecord.VERSION,
                      record.voiceBridge(),
                      owner,
                      "kept-" + record.writeId(),
                      System.currentTimeMillis());
              return write(topics.voiceBridges(), record.voiceBridge(), Json.encode(kept))
                  .map(v -> owner);
            });
  }

  /**
   * A meeting as known here, or, when it is not, as known once this instance has caught up with
   * every meeting record written so far. Without Kafka the answer is what this instance knows.
   */
  public Future<Optional<Meeting>> findMeeting(String meetingId) {
    Optional<Meeting> known = state.meeting(meetingId);
    if (known.isPresent()) {
      return Future.succeededFuture(known);
    }
    return catchUpMeetings()
        .map(v -> state.meeting(meetingId))
        .otherwise(
            e -> {
              LOG.warn(
                  "could not catch up with {} ({}); answering from what this instance knows",
                  topics.meetings(),
                  e.toString());
              return state.meeting(meetingId);
            });
  }

  /**
   * Completes once this instance has applied every meeting record written before the call, by any
   * instance: a meeting created through another instance a moment ago is then known here. Asked
   * only when a call names a meeting this instance does not know (a round trip to Kafka).
   */
  public Future<Void> catchUpMeetings() {
    Promise<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> ends = Promise.promise();
    admin
        .describeTopics(List.of(topics.meetings()))
        .allTopicNames()
        .thenApply(
            described ->
                described.get(topics.meetings()).partitions().stream()
                    .collect(
                        Collectors.toMap(
                            p -> new TopicPartition(topics.meetings(), p.partition()),
                            p -> OffsetSpec.latest())))
        .whenComplete(
            (specs, error) -> {
              if (error != null) {
                context.runOnContext(v -> ends.fail(error));
              } else {
                admin
                    .listOffsets(specs)
                    .all()
                    .whenComplete(
                        (offsets, e) ->
                            context.runOnContext(
                                v -> {
                                  if (e != null) {
                                    ends.fail(e);
                                  } else {
                                    ends.complete(offsets);
                                  }
                                }));
              }
            });
    return ends.future()
        .compose(
            offsets ->
                Future.all(
                        offsets.entrySet().stream()
                            .map(e -> reached(e.getKey(), e.getValue().offset() - 1))
                            .toList())
                    .mapEmpty());
  }

  /**
   * Completes once the record at {@code offset} of {@code partition} (or anything after it) is
   * applied.
   */
  private Future<Void> reached(TopicPartition partition, long offset) {
    if (offset < 0 || applied.getOrDefault(partition, 0L) > offset) {
      return Future.succeededFuture();
    }
    Promise<Void> reached = Promise.promise();
    waiting
        .computeIfAbsent(
            partition, p -> new PriorityQueue<>((a, b) -> Long.compare(a.offset(), b.offset())))
        .add(new Waiter(offset, reached));
    return reached.future();
  }

  /** Produces a record and completes once this instance has applied it. */
  private Future<Void> write(String topic, String key, byte[] value) {
    return publisher
        .send(vertx, topic, key, value)
        .compose(
            metadata ->
                reached(
                    new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset()));
  }

  private Future<Void> apply(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      try {
        if (r.topic().equals(topics.servers())) {
          state.applyServer(r.key(), r.value());
        } else if (r.topic().equals(topics.meetings())) {
          state.applyMeeting(r.key(), r.value());
        } else if (r.topic().equals(topics.tenants())) {
          tenantRecords.accept(r.key(), r.value());
        } else {
          state.applyBridge(r.key(), r.value());
        }
      } catch (EnvelopeException | ConfigException | SealException e) {
        LOG.warn("{} key {}: record skipped: {}", r.topic(), r.key(), e.getMessage());
      }
      applied.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
    }
    waiting.forEach(
        (partition, queue) -> {
          long upTo = applied.getOrDefault(partition, 0L);
          while (!queue.isEmpty() && queue.peek().offset() < upTo) {
            queue.poll().promise().complete();
          }
        });
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    follower.close();
    publisher.close();
    admin.close(Duration.ofSeconds(2));
  }
}
