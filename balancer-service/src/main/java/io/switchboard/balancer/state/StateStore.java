package io.switchboard.balancer.state;

import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.Json;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.kafka.RecordPublisher;
import io.switchboard.kafka.TopicFollower;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes state records and tells the writer what they did once this instance has applied them in
 * log order: a write's future completes only after Kafka acknowledged it AND the follower reached
 * it, so an answer to a client reflects the topic, including claims another instance won first.
 *
 * <p>Each write carries a header with a fresh token; the follower completes the waiting promise when
 * it applies the record with that token.
 */
public final class StateStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  static final String WRITE_HEADER = "switchboard-write";

  private final Vertx vertx;
  private final ClusterState state;
  private final RecordPublisher publisher;
  private final TopicFollower follower;
  private final Map<String, Promise<Object>> waiting = new ConcurrentHashMap<>();
  private final StateTopics topics;

  public StateStore(Vertx vertx, KafkaSettings kafka, StateTopics topics, String instanceId, ClusterState state) {
    this.vertx = vertx;
    this.topics = topics;
    this.state = state;
    this.publisher = new RecordPublisher(kafka, instanceId + "-state");
    this.follower = TopicFollower.start(vertx, kafka, TopicFollower.Options.replay(instanceId + "-state",
        topics.all()), this::apply);
  }

  /** Completes when everything on the topics at start-up has been applied. */
  public Future<Void> caughtUp() {
    return follower.caughtUp();
  }

  public ClusterState state() {
    return state;
  }

  public Future<Void> putServer(ServerRecord record) {
    return write(topics.servers(), record.id(), Json.encode(record)).mapEmpty();
  }

  public Future<Void> removeServer(String id) {
    return write(topics.servers(), id, null).mapEmpty();
  }

  /** Writes a meeting record; completes with what applying it did, once applied here. */
  public Future<ClusterState.MeetingOutcome> putMeeting(MeetingRecord record) {
    return write(topics.meetings(), record.meetingId(), Json.encode(record))
        .map(ClusterState.MeetingOutcome.class::cast)
        .compose(outcome -> {
          if (!outcome.accepted() && record.kind() == MeetingRecord.Kind.CLAIM && outcome.current().isPresent()) {
            // Compaction keeps the last record per key, which is our losing claim: write the
            // winner's placement again after it so that a replay still finds the winner.
            MeetingRecord winner = outcome.current().get().record();
            return write(topics.meetings(), winner.meetingId(),
                Json.encode(winner.as(MeetingRecord.Kind.UPDATE, winner.instance()))).map(v -> outcome);
          }
          return Future.succeededFuture(outcome);
        });
  }

  /** Claims a voice bridge; completes with the meeting that owns it afterwards. */
  public Future<String> claimBridge(VoiceBridgeRecord record) {
    return write(topics.voiceBridges(), record.voiceBridge(), Json.encode(record))
        .map(String.class::cast)
        .compose(owner -> {
          if (owner.equals(record.meetingId())) {
            return Future.succeededFuture(owner);
          }
          // As for meetings: the owner's claim must stay the last record of its key.
          VoiceBridgeRecord kept = new VoiceBridgeRecord(VoiceBridgeRecord.VERSION, record.voiceBridge(), owner,
              "kept-" + record.writeId(), System.currentTimeMillis());
          return write(topics.voiceBridges(), record.voiceBridge(), Json.encode(kept)).map(v -> owner);
        });
  }

  private Future<Object> write(String topic, String key, byte[] value) {
    String token = UUID.randomUUID().toString();
    Promise<Object> applied = Promise.promise();
    waiting.put(token, applied);
    return publisher.send(vertx, topic, key, value, List.of(new RecordHeader(WRITE_HEADER,
            token.getBytes(StandardCharsets.US_ASCII))))
        .onFailure(e -> {
          waiting.remove(token);
          applied.tryFail(e);
        })
        .compose(acked -> applied.future());
  }

  private Future<Void> apply(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      Object outcome;
      try {
        if (r.topic().equals(topics.servers())) {
          state.applyServer(r.key(), r.value());
          outcome = Boolean.TRUE;
        } else if (r.topic().equals(topics.meetings())) {
          outcome = state.applyMeeting(r.key(), r.value());
        } else {
          outcome = state.applyBridge(r.key(), r.value());
        }
      } catch (EnvelopeException e) {
        LOG.warn("{} key {}: record skipped: {}", r.topic(), r.key(), e.getMessage());
        outcome = e;
      }
      Header header = r.headers().lastHeader(WRITE_HEADER);
      if (header != null) {
        Promise<Object> waiter = waiting.remove(new String(header.value(), StandardCharsets.US_ASCII));
        if (waiter != null) {
          if (outcome instanceof Exception e) {
            waiter.fail(e);
          } else {
            waiter.complete(outcome);
          }
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    follower.close();
    publisher.close();
  }
}
