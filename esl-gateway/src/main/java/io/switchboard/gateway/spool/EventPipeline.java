package io.switchboard.gateway.spool;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.gateway.GatewayMetrics;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events from the event loop to Kafka, in order, without ever making the event loop wait:
 * {@link #offer} hands a record to a bounded queue; a writer thread appends it to the
 * {@link Spool}; a publisher thread reads the spool and produces. The producer retries forever
 * (order kept by idempotence), so while Kafka is down the producer's buffer fills, the
 * publisher waits, and the spool grows on disk. Acknowledgements, which may come back out of
 * order across partitions, advance the spool only over a contiguous prefix.
 */
public final class EventPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventPipeline.class);
  private static final int WRITE_BATCH = 1024;

  private static final class InFlight {
    final SpoolPosition position;
    volatile boolean done;

    InFlight(SpoolPosition position) {
      this.position = position;
    }
  }

  private final Spool spool;
  private final Properties producerProperties;
  private final GatewayMetrics metrics;
  private final BlockingQueue<Spool.Entry> queue;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<Exception> producerFailure = new AtomicReference<>();
  private final Thread writer;
  private final Thread publisher;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile long lastAckMillis;
  private long reportedDrops;

  public EventPipeline(Spool spool, KafkaSettings kafka, String clientId, GatewayMetrics metrics, int queueCapacity) {
    this.spool = spool;
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    Properties props = kafka.reliableProducer(clientId);
    // Retry forever: a record may only leave the spool for Kafka, never for an error.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "2");
    this.producerProperties = props;
    this.producer = new KafkaProducer<>(props);
    this.writer = new Thread(this::writeLoop, clientId + "-spool-writer");
    this.publisher = new Thread(this::publishLoop, clientId + "-publisher");
    Gauge.builder("switchboard.gateway.spool.depth", spool, Spool::pendingRecords)
        .description("Events spooled and not yet acknowledged by Kafka").baseUnit("events").register(metrics.registry());
    Gauge.builder("switchboard.gateway.spool.bytes", spool, Spool::bytes)
        .description("Bytes of the spool on disk").baseUnit("bytes").register(metrics.registry());
  }

  public void start() {
    writer.start();
    publisher.start();
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
    return spool.pendingRecords() == 0 || System.currentTimeMillis() - lastAckMillis < window.toMillis();
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
    while (running.get()) {
      try {
        producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()), (meta, error) -> {
          if (error != null) {
            // Only a fatal error reaches here (deliveries are retried forever).
            producerFailure.compareAndSet(null, error);
            return;
          }
          flight.done = true;
          metrics.published(record.topic(), record.receivedMicros());
          advance();
        });
        return;
      } catch (TimeoutException e) {
        // The producer's buffer stayed full for max.block.ms: Kafka is still away; keep trying.
        LOG.warn("Kafka has not taken a record for {} ms; {} events wait in the spool",
            producerProperties.get(ProducerConfig.MAX_BLOCK_MS_CONFIG), spool.pendingRecords());
      }
    }
  }

  private void advance() {
    SpoolPosition last = null;
    long count = 0;
    synchronized (inFlight) {
      while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
        last = inFlight.pollFirst().position;
        count++;
      }
    }
    if (last != null) {
      lastAckMillis = System.currentTimeMillis();
      spool.acknowledge(last, count);
    }
  }

  /** A fatal producer error: start over with a new producer from the last acknowledged record. */
  private void recoverFromProducerFailure() throws IOException {
    Exception failure = producerFailure.getAndSet(null);
    if (failure == null) {
      return;
    }
    LOG.error("Kafka producer failed ({}); republishing from the last acknowledged event", failure.toString());
    producer.close(Duration.ZERO);
    synchronized (inFlight) {
      inFlight.clear();
    }
    spool.rewind();
    producer = new KafkaProducer<>(producerProperties);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking events, spools what was queued, gives Kafka a few seconds for what is in flight. */
  @Override
  public void close() {
    running.set(false);
    join(writer, 10_000);
    join(publisher, 2_000);
    // No flush: with Kafka away it would wait forever. Whatever is not acknowledged stays
    // spooled; closing also wakes a publisher blocked on a full producer buffer.
    producer.close(Duration.ofSeconds(5));
    join(publisher, 5_000);
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
