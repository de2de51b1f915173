package io.switchboard.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A publisher bound to one topic: what a part that writes one kind of record is handed. */
public record TopicWriter(RecordPublisher publisher, String topic) {
  /** Completes once the broker has the record ({@link RecordPublisher#send}). */
  public Future<RecordMetadata> send(Vertx vertx, String key, byte[] value) {
    return publisher.send(vertx, topic, key, value);
  }
}
