package io.switchboard.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics and hands each batch to a handler on a Vert.x context, one batch at a time, and
 * keeps following through broker outages of any length: an error is logged (with backoff), the
 * consumer is recreated when it cannot go on, and the polling thread never ends before {@link
 * #close()}.
 *
 * <p>While a handler works, the consumer's partitions are paused and it keeps polling, so a handler
 * slower than {@code max.poll.interval.ms} does not cost the group membership. With a group id,
 * offsets are committed only past a batch whose handler succeeded: without waiting while following
 * (the next batch is fetched meanwhile), and waiting a bounded time before a rebalance or a close
 * takes the partitions; a failed batch is delivered again from its first record after a backoff.
 * Without a group id every partition is read from the beginning (rebuilding state from a compacted
 * topic).
 *
 * <p>This is the native consumer on a thread of its own rather than vertx-kafka-client's stream:
 * that stream (5.0.8, built against Kafka 3.7) neither recreates a consumer that failed nor bounds
 * a commit, and it still calls consumer APIs that Kafka 4 removed.
 *
 * <p>{@link #caughtUp()} completes once everything that was in the topics when following began has
 * been handled; {@link #following()} says whether the broker answers this consumer now.
 */
public final class TopicFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(5);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration CLOSING_COMMIT = Duration.ofSeconds(5);
  private static final Duration CLOSING_WAIT = Duration.ofSeconds(1);

  /** Handles one polled batch; the returned future gates the next poll and the commit. */
  @FunctionalInterface
  public interface BatchHandler {
    Future<Void> handle(List<ConsumerRecord<String, byte[]>> records);
  }

  /**
   * @param clientId Kafka client id, also the polling thread's name and the metrics' tag
   * @param topics what to follow
   * @param groupId consumer group, or null to read every partition from the beginning
   * @param offsetReset where a group without committed offsets starts: earliest or latest
   */
  public record Options(String clientId, List<String> topics, String groupId, String offsetReset) {
    public static Options replay(String clientId, List<String> topics) {
      return new Options(clientId, topics, null, "earliest");
    }

    public static Options group(
        String clientId, List<String> topics, String groupId, String offsetReset) {
      return new Options(clientId, topics, groupId, offsetReset);
    }
  }

  private final Options options;
  private final KafkaSettings settings;
  private final Context context;
  private final BatchHandler handler;
  private final Promise<Void> caughtUp = Promise.promise();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final Duration commitTimeout;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong redelivered = new AtomicLong();
  private final AtomicLong handled = new AtomicLong();
  private volatile boolean following;
  private volatile long lag = -1;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Map<TopicPartition, Long> target;
  private InFlight inFlight;
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  private Map<TopicPartition, OffsetAndMetadata> onItsWay = Map.of();
  private RuntimeException commitRefused;
  private boolean commitsFailing;
  private long nextProbe;
  private Duration backoff = Duration.ZERO;

  /** A batch the handler is working on, and where each of its partitions started. */
  private record InFlight(
      CompletableFuture<Boolean> done,
      Map<TopicPartition, Long> first,
      Map<TopicPartition, Long> next,
      int size) {}

  private TopicFollower(
      Vertx vertx, KafkaSettings settings, Options options, BatchHandler handler) {
    this.options = options;
    this.settings = settings;
    this.context = vertx.getOrCreateContext();
    this.handler = handler;
    this.commitTimeout = Duration.ofMillis(settings.consumerTimeoutMs());
    this.thread = new Thread(this::run, options.clientId());
    this.thread.setDaemon(true);
  }

  /** Starts following; the handler runs on the caller's Vert.x context (or a new one). */
  public static TopicFollower start(
      Vertx vertx, KafkaSettings settings, Options options, BatchHandler handler) {
    TopicFollower follower = new TopicFollower(vertx, settings, options, handler);
    follower.thread.start();
    return follower;
  }

  public Future<Void> caughtUp() {
    return caughtUp.future();
  }

  /**
   * Whether the broker answered this follower's last probe, poll and commit; a commit kept for a
   * retry after a passing failure leaves it to the next probe.
   */
  public boolean following() {
    return following && thread.isAlive();
  }

  public String name() {
    return options.clientId();
  }

  /**
   * Registers this follower's state, lag, errors and redeliveries, tagged {@code
   * follower=<clientId>}. The meters hold no reference to the registry's owner beyond this
   * follower's lifetime.
   */
  public TopicFollower bindTo(MeterRegistry registry, String metricPrefix) {
    String tag = options.clientId();
    Gauge.builder(metricPrefix + "_kafka_follower_up", this, f -> f.following() ? 1 : 0)
        .description("1 while the follower's broker answers, 0 while it cannot follow")
        .tag("follower", tag)
        .register(registry);
    Gauge.builder(metricPrefix + "_kafka_follower_lag_records", this, f -> f.lag)
        .description("records in the followed partitions not yet handled (-1: unknown)")
        .tag("follower", tag)
        .register(registry);
    registerCounter(
        registry,
        metricPrefix + "_kafka_follower_errors_total",
        "Kafka errors met while following",
        errors);
    registerCounter(
        registry,
        metricPrefix + "_kafka_follower_redelivered_records_total",
        "records delivered again after their handler failed",
        redelivered);
    registerCounter(
        registry,
        metricPrefix + "_kafka_follower_records_total",
        "records handed to the handler",
        handled);
    return this;
  }

  private void registerCounter(
      MeterRegistry registry, String name, String description, AtomicLong value) {
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, AtomicLong::get)
        .description(description)
        .tag("follower", options.clientId())
        .register(registry);
  }

  private void run() {
    while (running.get()) {
      try {
        if (consumer == null) {
          consumer =
              new KafkaConsumer<>(
                  settings.consumer(options.clientId(), options.groupId(), options.offsetReset()));
          subscribe();
        }
        step();
        if (following) {
          backoff = Duration.ZERO;
        }
      } catch (WakeupException e) {
        if (running.get()) {
          LOG.warn("{}: woken up unexpectedly; continuing", options.clientId());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        unreachable(e);
      } catch (RuntimeException e) {
        failed(e);
      }
    }
    keepFinishedBeforeClosing();
    abandonInFlight();
    commitBeforeClosing();
    closeConsumer();
  }

  /**
   * A batch whose handler finishes within a moment of {@link #close()} (the wake-up can end this
   * thread's wait just before the handler completes) has its offsets committed with the rest.
   */
  private void keepFinishedBeforeClosing() {
    InFlight batch = inFlight;
    if (batch == null) {
      return;
    }
    try {
      if (batch.done().get(CLOSING_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight = null;
        keepOffsets(batch);
      }
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still working: abandoned, delivered again to the next owner
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Best effort, and brief while the broker is away: what is not committed is delivered again to
   * the next owner. The consumer may hold the wake-up of {@link #close()}, which ends the first
   * call it meets and only that one.
   */
  private void commitBeforeClosing() {
    for (int attempt = 0; consumer != null && following && attempt < 2; attempt++) {
      try {
        commitNow(CLOSING_COMMIT);
        return;
      } catch (WakeupException e) {
        // spent now: once more
      } catch (RuntimeException e) {
        LOG.debug("{}: last commit before closing: {}", options.clientId(), e.toString());
        return;
      }
    }
  }

  /** One turn: finish a batch the handler completed, or poll for the next, and probe the broker. */
  private void step() throws InterruptedException {
    if (inFlight != null) {
      awaitHandler(inFlight);
      // Paused, this poll returns at once; it keeps the group membership and runs rebalances.
      rewind(consumer.poll(Duration.ZERO));
      if (inFlight != null && inFlight.done().isDone()) {
        finish(inFlight);
      }
    } else {
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
      if (!records.isEmpty()) {
        dispatch(records);
      }
    }
    commitPending();
    probe();
    checkCaughtUp();
  }

  private void awaitHandler(InFlight batch) throws InterruptedException {
    try {
      batch.done().get(1, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      // still working: poll (paused) and come back
    }
  }

  private void dispatch(ConsumerRecords<String, byte[]> records) {
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, Long> next = new HashMap<>();
    records.forEach(
        r -> {
          batch.add(r);
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          first.putIfAbsent(tp, r.offset());
          next.put(tp, r.offset() + 1);
        });
    consumer.pause(consumer.assignment());
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    inFlight = new InFlight(done, first, next, batch.size());
    handled.addAndGet(batch.size());
    context.runOnContext(
        v -> {
          Future<Void> result;
          try {
            result = handler.handle(batch);
          } catch (RuntimeException e) {
            result = Future.failedFuture(e);
          }
          result.onComplete(
              ar -> {
                if (ar.failed()) {
                  LOG.warn(
                      "{}: handler failed on a batch of {}; it will be delivered again: {}",
                      options.clientId(),
                      batch.size(),
                      ar.cause().toString());
                }
                done.complete(ar.succeeded());
              });
        });
  }

  /**
   * Records a paused consumer still returned (a partition assigned mid-batch): read them again
   * later.
   */
  private void rewind(ConsumerRecords<String, byte[]> stray) {
    if (stray.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> first = new HashMap<>();
    stray.forEach(r -> first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset()));
    first.forEach(consumer::seek);
    consumer.pause(first.keySet());
  }

  /** A handled batch's offsets, to commit with a group (a replay follower commits nothing). */
  private void keepOffsets(InFlight batch) {
    if (options.groupId() != null) {
      batch.next().forEach((tp, offset) -> uncommitted.put(tp, new OffsetAndMetadata(offset)));
    }
  }

  private void finish(InFlight batch) throws InterruptedException {
    inFlight = null;
    boolean ok = batch.done().getNow(false);
    if (ok) {
      keepOffsets(batch);
    } else {
      redelivered.addAndGet(batch.size());
      batch
          .first()
          .forEach(
              (tp, offset) -> {
                if (consumer.assignment().contains(tp)) {
                  consumer.seek(tp, offset);
                }
              });
      sleepBackoff();
    }
    consumer.resume(consumer.paused());
  }

  /**
   * Commits what handlers finished, without waiting: the next poll goes out while the broker writes
   * the offsets, so a commit's round trip is not added to every batch. One commit is on its way at
   * a time; offsets finished meanwhile go in the next. A commit that fails for a passing reason
   * (the broker away, its coordinator moving) is kept and made again on the next turn, unless newer
   * offsets of its partition wait: positions are absolute, so a later commit covers an earlier one.
   * Any other failure (the group rebalanced, an authorization) is thrown here, on the next turn,
   * and the consumer starts over as after any other error. A failed commit costs at most a
   * redelivery, never a record.
   */
  private void commitPending() {
    if (commitRefused != null) {
      RuntimeException refused = commitRefused;
      commitRefused = null;
      throw refused;
    }
    if (uncommitted.isEmpty() || !onItsWay.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
    uncommitted.clear();
    offsets.keySet().retainAll(consumer.assignment());
    if (offsets.isEmpty()) {
      return;
    }
    onItsWay = offsets;
    KafkaConsumer<String, byte[]> by = consumer;
    try {
      // The callback runs on this thread, inside a later poll or commit; one from a consumer
      // given up (or closing) has nothing left to tell.
      by.commitAsync(
          offsets,
          (committed, error) -> {
            if (by == consumer) {
              onItsWay = Map.of();
              committed(committed, error);
            }
          });
    } catch (RuntimeException e) {
      onItsWay = Map.of();
      offsets.forEach(uncommitted::putIfAbsent);
      throw e;
    }
  }

  private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    if (error == null) {
      commitsFailing = false;
      following = true;
      return;
    }
    offsets.forEach(uncommitted::putIfAbsent);
    if (!(error instanceof RetriableCommitFailedException)) {
      commitRefused =
          error instanceof RuntimeException runtime ? runtime : new KafkaException(error);
    } else if (!commitsFailing) {
      commitsFailing = true;
      errors.incrementAndGet();
      LOG.warn(
          "{}: offsets not committed ({}); trying again", options.clientId(), error.toString());
    }
  }

  /**
   * Commits what handlers finished, with the offsets of a commit still on its way (whose failure
   * would otherwise come too late), and waits at most {@code timeout}: where the partitions are
   * about to go, before a rebalance takes them and before the consumer closes.
   */
  private void commitNow(Duration timeout) {
    if (consumer == null) {
      // Leaving the group inside the consumer's close: everything was committed before it.
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(onItsWay);
    offsets.putAll(uncommitted);
    offsets.keySet().retainAll(consumer.assignment());
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets, timeout);
      following = true;
      // A refusal of an earlier commit, answered inside this one, is covered by it.
      commitRefused = null;
    }
    uncommitted.clear();
  }

  /**
   * Asks the broker for the followed partitions' end offsets at an interval: a poll against a
   * vanished broker just returns nothing, so this is what tells readiness that following stopped.
   */
  private void probe() {
    long now = System.nanoTime();
    if (now - nextProbe < 0) {
      return;
    }
    nextProbe = now + PROBE_EVERY.toNanos();
    Collection<TopicPartition> assigned = consumer.assignment();
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, commitTimeout);
    long behind = 0;
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      behind += Math.max(0, e.getValue() - consumer.position(e.getKey(), commitTimeout));
    }
    lag = behind;
    if (!following) {
      LOG.info("{}: following {} again", options.clientId(), options.topics());
    }
    following = true;
  }

  /** The broker did not answer in time: keep the consumer and what is left to commit, and wait. */
  private void unreachable(RuntimeException e) {
    errors.incrementAndGet();
    if (following) {
      LOG.warn("{}: Kafka does not answer ({}); still trying", options.clientId(), e.toString());
    }
    following = false;
    sleepQuietly();
  }

  private void failed(RuntimeException e) {
    errors.incrementAndGet();
    if (following || backoff.isZero()) {
      LOG.warn(
          "{}: cannot follow {} ({}); retrying with backoff",
          options.clientId(),
          options.topics(),
          e.toString());
    }
    following = false;
    // Offsets of a consumer we give up are no longer ours to commit: the batch comes again.
    uncommitted.clear();
    if (inFlight == null || inFlight.done().isDone()) {
      abandonInFlight();
      closeConsumer();
    }
    sleepQuietly();
  }

  private void sleepQuietly() {
    try {
      sleepBackoff();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private void sleepBackoff() throws InterruptedException {
    backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), MAX_BACKOFF);
    long until = System.nanoTime() + backoff.toNanos();
    while (running.get() && System.nanoTime() < until) {
      Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void abandonInFlight() {
    if (inFlight != null) {
      redelivered.addAndGet(inFlight.size());
      inFlight = null;
    }
  }

  private void closeConsumer() {
    KafkaConsumer<String, byte[]> c = consumer;
    consumer = null;
    onItsWay = Map.of();
    commitRefused = null;
    if (c != null) {
      try {
        c.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.debug("{}: closing the consumer: {}", options.clientId(), e.toString());
      }
    }
  }

  private void subscribe() {
    if (options.groupId() == null) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : options.topics()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, commitTimeout);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      if (target == null) {
        target = consumer.endOffsets(partitions, commitTimeout);
      }
    } else {
      consumer.subscribe(options.topics(), new Rebalance());
    }
    following = true;
  }

  /**
   * Finishes the batch under way before partitions go, so its offsets are committed by their owner.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        finishBeforeRevoke();
      } catch (RuntimeException e) {
        // Thrown out of a rebalance it would fail the consumer's close and keep the member in the
        // group until its session times out; the batch's records simply come again.
        LOG.debug(
            "{}: could not finish the batch before a rebalance: {}",
            options.clientId(),
            e.toString());
      }
    }

    private void finishBeforeRevoke() {
      InFlight batch = inFlight;
      if (batch != null) {
        try {
          while (running.get() && !batch.done().isDone()) {
            batch.done().get(100, TimeUnit.MILLISECONDS);
          }
        } catch (java.util.concurrent.TimeoutException
            | java.util.concurrent.ExecutionException e) {
          // checked again by the loop condition
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (batch.done().isDone()) {
          try {
            finish(batch);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      commitNow(commitTimeout);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (target == null) {
        target = consumer.endOffsets(partitions, commitTimeout);
      }
      if (inFlight != null) {
        consumer.pause(partitions);
      }
    }
  }

  private void checkCaughtUp() {
    Map<TopicPartition, Long> goal = target;
    if (goal == null || caughtUp.future().isComplete() || inFlight != null) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> e : goal.entrySet()) {
      if (consumer.assignment().contains(e.getKey())
          && consumer.position(e.getKey(), commitTimeout) < e.getValue()) {
        return;
      }
    }
    context.runOnContext(v -> caughtUp.tryComplete());
  }

  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      KafkaConsumer<String, byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      try {
        thread.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
