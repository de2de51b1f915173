package io.switchboard.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Produces records with the reliable settings and completes a Vert.x future on the caller's context
 * once the broker has acknowledged the record: callers acknowledge their own clients only after
 * that.
 *
 * <p>{@code KafkaProducer.send} blocks while it has no metadata for the topic (broker down) or its
 * buffer is full, so sends are handed to one dedicated thread: the event loop never waits, and one
 * thread keeps the records' order.
 */
public final class RecordPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService sender;
  private final AtomicLong pending = new AtomicLong();

  /** When a send last completed, or the first of the pending ones was handed over. */
  private volatile long progressNanos = System.nanoTime();

  private volatile boolean lastFailed;

  public RecordPublisher(KafkaSettings settings, String clientId) {
    this.producer = new KafkaProducer<>(settings.reliableProducer(clientId));
    this.sender =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, clientId + "-send");
              t.setDaemon(true);
              return t;
            });
  }

  public Future<RecordMetadata> send(Vertx vertx, String topic, String key, byte[] value) {
    Context context = vertx.getOrCreateContext();
    Promise<RecordMetadata> promise = Promise.promise();
    if (pending.getAndIncrement() == 0) {
      progressNanos = System.nanoTime();
    }
    promise
        .future()
        .onComplete(
            ar -> {
              pending.decrementAndGet();
              progressNanos = System.nanoTime();
              lastFailed = ar.failed();
            });
    try {
      sender.execute(
          () -> {
            try {
              producer.send(
                  new ProducerRecord<>(topic, key, value),
                  (metadata, error) ->
                      context.runOnContext(
                          v -> {
                            if (error != null) {
                              promise.fail(error);
                            } else {
                              promise.complete(metadata);
                            }
                          }));
            } catch (RuntimeException e) {
              context.runOnContext(v -> promise.fail(e));
            }
          });
    } catch (RejectedExecutionException e) {
      promise.fail(new IllegalStateException("publisher is closed"));
    }
    return promise.future();
  }

  /**
   * For readiness: the last send succeeded and no send has waited for the broker longer than {@code
   * patience}.
   */
  public boolean healthy(Duration patience) {
    return !lastFailed
        && (pending.get() == 0 || System.nanoTime() - progressNanos < patience.toNanos());
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
