package io.switchboard.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics on a dedicated polling thread and hands each batch to a handler on a Vert.x
 * context, one batch at a time: the next poll waits until the handler's future completes, so
 * records are processed in order and a slow handler slows the consumer instead of piling up
 * memory. With a group id, offsets are committed after the handler finished a batch
 * (at-least-once); without one, every partition is read from the beginning (rebuilding state
 * from a compacted topic).
 *
 * <p>{@link #caughtUp()} completes once everything that was in the topics when following began
 * has been handled: a service is ready only after its state is rebuilt.
 */
public final class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  /** Handles one polled batch; the returned future gates the next poll. */
  @FunctionalInterface
  public interface BatchHandler {
    Future<Void> handle(List<ConsumerRecord<String, byte[]>> records);
  }

  /**
   * @param clientId    Kafka client id, also the polling thread's name
   * @param topics      what to follow
   * @param groupId     consumer group, or null to read every partition from the beginning
   * @param offsetReset where a group without committed offsets starts: earliest or latest
   */
  public record Options(String clientId, List<String> topics, String groupId, String offsetReset) {
    public static Options replay(String clientId, List<String> topics) {
      return new Options(clientId, topics, null, "earliest");
    }

    public static Options group(String clientId, List<String> topics, String groupId, String offsetReset) {
      return new Options(clientId, topics, groupId, offsetReset);
    }
  }

  private final Options options;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Context context;
  private final BatchHandler handler;
  private final Promise<Void> caughtUp;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile Map<TopicPartition, Long> target;

  private TopicFollower(Vertx vertx, KafkaSettings settings, Options options, BatchHandler handler) {
    this.options = options;
    this.consumer = new KafkaConsumer<>(settings.consumer(options.clientId(), options.groupId(), options.offsetReset()));
    this.context = vertx.getOrCreateContext();
    this.handler = handler;
    this.caughtUp = Promise.promise();
    this.thread = new Thread(this::run, options.clientId());
    this.thread.setDaemon(true);
  }

  /** Starts following; the handler runs on the caller's Vert.x context (or a new one). */
  public static TopicFollower start(Vertx vertx, KafkaSettings settings, Options options, BatchHandler handler) {
    TopicFollower follower = new TopicFollower(vertx, settings, options, handler);
    follower.thread.start();
    return follower;
  }

  public Future<Void> caughtUp() {
    return caughtUp.future();
  }

  private void run() {
    try {
      subscribe();
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
          records.forEach(batch::add);
          awaitHandler(batch);
          if (options.groupId() != null && running.get()) {
            consumer.commitSync();
          }
        }
        checkCaughtUp();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        LOG.error("{}: woken up unexpectedly", options.clientId(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("{}: stopped following {}: {}", options.clientId(), options.topics(), e.toString(), e);
      context.runOnContext(v -> caughtUp.tryFail(e));
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void subscribe() {
    if (options.groupId() == null) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : options.topics()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      target = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    } else {
      consumer.subscribe(options.topics(), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) { }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (target == null) {
            target = consumer.endOffsets(partitions, Duration.ofSeconds(30));
          }
        }
      });
    }
  }

  private void checkCaughtUp() {
    Map<TopicPartition, Long> goal = target;
    if (goal == null || caughtUp.future().isComplete()) {
      return;
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : goal.keySet()) {
      if (!consumer.assignment().contains(tp)) {
        continue;
      }
      positions.put(tp, consumer.position(tp));
    }
    boolean done = goal.entrySet().stream()
        .allMatch(e -> !positions.containsKey(e.getKey()) || positions.get(e.getKey()) >= e.getValue());
    if (done) {
      context.runOnContext(v -> caughtUp.tryComplete());
    }
  }

  private void awaitHandler(List<ConsumerRecord<String, byte[]>> batch) throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      Future<Void> handled;
      try {
        handled = handler.handle(batch);
      } catch (RuntimeException e) {
        handled = Future.failedFuture(e);
      }
      handled.onComplete(ar -> {
        if (ar.failed()) {
          // The handler owns per-record errors; a failed batch is logged, not retried forever.
          LOG.warn("{}: handler failed on a batch of {}: {}", options.clientId(), batch.size(), ar.cause().toString());
        }
        done.complete(null);
      });
    });
    while (running.get()) {
      try {
        done.get(200, TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        // keep waiting, but notice close()
      } catch (java.util.concurrent.ExecutionException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
