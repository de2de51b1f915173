package io.switchboard.gateway.spool;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.gateway.metrics.GatewayMetrics;
import io.switchboard.kafka.KafkaSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events from the event loop to Kafka, in order, without ever making the event loop wait: {@link
 * #offer} hands a record to a bounded queue; a writer thread appends it to the {@link Spool}; a
 * publisher thread reads the spool and produces. The producer retries forever (order kept by
 * idempotence), so while Kafka is down the producer's buffer fills, the publisher waits, and the
 * spool grows on disk. Acknowledgements, which may come back out of order across partitions,
 * advance the spool only over a contiguous prefix; that work (file deletion, the persisted
 * position, dead letters) is done by an acknowledger thread, never on the producer's I/O thread,
 * whose callbacks only mark records done.
 *
 * <p>A record larger than Kafka takes is set aside in {@link DeadLetters}, counted, and the stream
 * goes on behind it.
 */
public final class EventPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventPipeline.class);
  private static final int WRITE_BATCH = 1024;

  /**
   * Bytes a record adds to its key and value in a batch: Kafka's upper bound is the batch header
   * (61) plus the record's own overhead and length varints (about 31); rounded up.
   */
  private static final int RECORD_OVERHEAD = 128;

  private static final long BUSY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** How large a record Kafka takes, and where larger ones go. */
  public record Limits(int maxRequestSize, int topicMaxMessageBytes, DeadLetters deadLetters) {
    int maxRecordBytes() {
      return Math.min(maxRequestSize, topicMaxMessageBytes);
    }
  }

  private static final class InFlight {
    final SpoolPosition position;
    volatile boolean done;

    /** Set when Kafka does not take the record, too large: the acknowledger sets it aside. */
    volatile SpoolRecord tooLarge;

    volatile String why;

    InFlight(SpoolPosition position) {
      this.position = position;
    }
  }

  private final Spool spool;
  private final Properties producerProperties;
  private final GatewayMetrics metrics;
  private final Limits limits;
  private final BlockingQueue<Spool.Entry> queue;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean acknowledging = new AtomicBoolean(true);
  private final AtomicReference<Exception> producerFailure = new AtomicReference<>();
  private final Thread writer;
  private final Thread publisher;
  private final Thread acknowledger;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile long lastAckMillis;
  private long reportedDrops;
  // Publisher thread only: an error the producer reported from inside send() (before queuing).
  private boolean sending;
  private Exception sendError;

  public EventPipeline(
      Spool spool,
      KafkaSettings kafka,
      String clientId,
      GatewayMetrics metrics,
      int queueCapacity,
      Limits limits) {
    this.spool = spool;
    this.metrics = metrics;
    this.limits = limits;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    Properties props = kafka.reliableProducer(clientId);
    // Retry forever: a record may only leave the spool for Kafka, never for an error.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "2");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(limits.maxRequestSize()));
    this.producerProperties = props;
    this.producer = new KafkaProducer<>(props);
    this.writer = new Thread(this::writeLoop, clientId + "-spool-writer");
    this.publisher = new Thread(this::publishLoop, clientId + "-publisher");
    this.acknowledger = new Thread(this::acknowledgeLoop, clientId + "-acknowledger");
    spool.onInFlightDropped(this::discardInFlight);
    Gauge.builder("switchboard.gateway.spool.depth", spool, Spool::pendingRecords)
        .description("Events spooled and not yet acknowledged by Kafka")
        .baseUnit("events")
        .register(metrics.registry());
    Gauge.builder("switchboard.gateway.spool.bytes", spool, Spool::bytes)
        .description("Bytes of the spool on disk")
        .baseUnit("bytes")
        .register(metrics.registry());
    Gauge.builder("switchboard.gateway.queue.depth", queue, BlockingQueue::size)
        .description("Events read from FreeSWITCH and not yet in the spool (what a kill -9 loses)")
        .baseUnit("events")
        .register(metrics.registry());
  }

  public void start() {
    writer.start();
    publisher.start();
    acknowledger.start();
  }

  /** From the event loop: never blocks; false (counted) when the writer is that far behind. */
  public boolean offer(String topic, String key, byte[] value) {
    if (queue.offer(new Spool.Entry(topic, key, value, GatewayMetrics.nowMicros()))) {
      return true;
    }
    metrics.queueDropped();
    return false;
  }

  /** Whether Kafka acknowledged something in the last {@code window}, or nothing is waiting. */
  public boolean kafkaHealthy(Duration window) {
    return spool.pendingRecords() == 0
        || System.currentTimeMillis() - lastAckMillis < window.toMillis();
  }

  public long pending() {
    return spool.pendingRecords();
  }

  private void writeLoop() {
    List<Spool.Entry> batch = new ArrayList<>(WRITE_BATCH);
    while (running.get() || !queue.isEmpty()) {
      try {
        Spool.Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, WRITE_BATCH - 1);
        spool.append(batch);
        batch.clear();
        long dropped = spool.droppedRecords();
        if (dropped > reportedDrops) {
          metrics.spoolDropped(dropped - reportedDrops);
          reportedDrops = dropped;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        LOG.error("cannot append to the spool: {} events lost", batch.size(), e);
        batch.forEach(b -> metrics.queueDropped());
        batch.clear();
      }
    }
  }

  private void publishLoop() {
    while (running.get()) {
      try {
        recoverFromProducerFailure();
        SpoolRecord record = spool.next(200);
        if (record != null) {
          send(record);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException e) {
        if (!running.get()) {
          return;
        }
        LOG.error("publisher: {}", e.toString(), e);
        sleepQuietly(1000);
      }
    }
  }

  private void send(SpoolRecord record) {
    InFlight flight = new InFlight(record.position());
    synchronized (inFlight) {
      inFlight.add(flight);
    }
    if (record.value().length + record.key().length() + RECORD_OVERHEAD > limits.maxRecordBytes()) {
      setAside(
          flight,
          record,
          "larger than the "
              + limits.maxRecordBytes()
              + " bytes Kafka takes (the smaller of"
              + " PRODUCER_MAX_REQUEST_SIZE and TOPIC_MAX_MESSAGE_BYTES)");
      return;
    }
    KafkaProducer<String, byte[]> current = producer;
    while (running.get() && producerFailure.get() == null) {
      sendError = null;
      sending = true;
      try {
        current.send(
            new ProducerRecord<>(record.topic(), record.key(), record.value()),
            completion(flight, record, current));
      } catch (KafkaException | IllegalStateException e) {
        // The producer was closed under us (discardInFlight): recovery takes it from here.
        if (producerFailure.get() != null || !running.get()) {
          return;
        }
        throw e;
      } finally {
        sending = false;
      }
      Exception error = sendError;
      if (error == null) {
        return;
      }
      if (error instanceof TimeoutException) {
        // Buffer exhausted or no metadata for max.block.ms (BufferExhaustedException is one):
        // back-pressure while Kafka is away, not a failure. The record stays ours; try again.
        LOG.warn(
            "Kafka has not taken a record for {} ms ({}); {} events wait in the spool",
            producerProperties.get(ProducerConfig.MAX_BLOCK_MS_CONFIG),
            error.getMessage(),
            spool.pendingRecords());
      } else if (error instanceof RecordTooLargeException) {
        setAside(flight, record, "refused by the producer: " + error.getMessage());
        return;
      } else {
        producerFailure.compareAndSet(null, error);
        return;
      }
    }
  }

  /** What Kafka's answer for {@code record}, sent through {@code current}, does. */
  private Callback completion(
      InFlight flight, SpoolRecord record, KafkaProducer<String, byte[]> current) {
    return (meta, error) -> {
      if (error == null) {
        lastAckMillis = System.currentTimeMillis();
        metrics.published(record.topic(), record.receivedMicros());
        flight.done = true;
      } else if (Thread.currentThread() == publisher && sending) {
        // From inside send(), before the record was queued: send() deals with it below.
        sendError = error;
      } else if (error instanceof RecordTooLargeException) {
        // The broker refused it (the topic's max.message.bytes is below our setting).
        setAside(flight, record, "refused by the broker: " + error.getMessage());
      } else if (current == producer) {
        // Anything else reaching here is fatal (deliveries are retried forever).
        producerFailure.compareAndSet(null, error);
      }
    };
  }

  private void setAside(InFlight flight, SpoolRecord record, String why) {
    flight.why = why;
    flight.tooLarge = record;
    flight.done = true;
    LockSupport.unpark(acknowledger);
  }

  /**
   * Polls rather than being woken per acknowledgement: a wake-up per record would cost a system
   * call each at hundreds of thousands of events a second; a few milliseconds of delay cost nothing
   * (the position is persisted every 100 ms anyway).
   */
  private void acknowledgeLoop() {
    while (acknowledging.get()) {
      boolean idle;
      synchronized (inFlight) {
        idle = inFlight.isEmpty();
      }
      LockSupport.parkNanos(idle ? IDLE_POLL_NANOS : BUSY_POLL_NANOS);
      try {
        advance();
      } catch (RuntimeException e) {
        LOG.error("acknowledging published events: {}", e.toString(), e);
        sleepQuietly(1000);
      }
    }
  }

  /** Moves the spool's acknowledged position over the records done in order. */
  private void advance() {
    SpoolPosition last = null;
    long count = 0;
    synchronized (inFlight) {
      while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
        InFlight done = inFlight.pollFirst();
        if (done.tooLarge != null) {
          // Kept before the position moves past it: a crash in between keeps it again, never loses
          // it.
          boolean kept = limits.deadLetters().keep(done.tooLarge, done.why);
          metrics.oversized(done.tooLarge.topic(), kept);
        }
        last = done.position;
        count++;
      }
    }
    if (last != null) {
      spool.acknowledge(last, count);
    }
  }

  /**
   * The spool dropped records it had handed out, up to {@code segment}, and counted them as lost.
   * If the producer holds any of them it must not deliver them after all: its buffer is discarded
   * and the publisher starts over from the oldest record still spooled.
   */
  private void discardInFlight(long segment) {
    boolean held = false;
    synchronized (inFlight) {
      for (InFlight flight : inFlight) {
        if (flight.position.segment() > segment) {
          break;
        }
        held |= !flight.done;
      }
    }
    if (held
        && producerFailure.compareAndSet(
            null, new KafkaException("the spool dropped events the producer held"))) {
      producer.close(Duration.ZERO);
    }
  }

  /**
   * A fatal producer error, or a buffer the spool's cap made void: start over with a new producer
   * from the last acknowledged record.
   */
  private void recoverFromProducerFailure() throws IOException {
    Exception failure = producerFailure.get();
    if (failure == null) {
      return;
    }
    LOG.warn(
        "restarting the Kafka producer ({}); republishing from the oldest unacknowledged event spooled",
        failure.getMessage());
    metrics.producerRestarted();
    producer.close(Duration.ZERO);
    synchronized (inFlight) {
      advance();
      inFlight.clear();
    }
    spool.rewind();
    producer = new KafkaProducer<>(producerProperties);
    producerFailure.set(null);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops taking events, spools what was queued, gives Kafka a few seconds for what is in flight.
   */
  @Override
  public void close() {
    running.set(false);
    join(writer, 10_000);
    join(publisher, 2_000);
    // No flush: with Kafka away it would wait forever. Whatever is not acknowledged stays
    // spooled; closing also wakes a publisher blocked on a full producer buffer.
    producer.close(Duration.ofSeconds(5));
    join(publisher, 5_000);
    acknowledging.set(false);
    LockSupport.unpark(acknowledger);
    join(acknowledger, 5_000);
    advance();
    try {
      spool.close();
    } catch (IOException e) {
      LOG.warn("closing the spool: {}", e.toString());
    }
  }

  private static void join(Thread thread, long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
