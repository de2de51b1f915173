package io.switchboard.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their beginning on a thread of its own and keeps every record, so a test can
 * wait for what a service published: {@code collector.await(r -> ..., count, timeout)}. Topics must
 * exist (use {@link KafkaBroker#createTopic}).
 */
public final class RecordCollector implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public RecordCollector(String bootstrapServers, List<String> topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "collector-" + UUID.randomUUID());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        consumer.close();
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "record-collector");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        var polled = consumer.poll(Duration.ofMillis(100));
        if (!polled.isEmpty()) {
          synchronized (records) {
            polled.forEach(records::add);
            records.notifyAll();
          }
        }
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Every record so far that matches. */
  public List<ConsumerRecord<String, byte[]>> matching(
      Predicate<ConsumerRecord<String, byte[]>> filter) {
    synchronized (records) {
      return records.stream().filter(filter).toList();
    }
  }

  /**
   * Waits until at least {@code count} records match, and returns them (in arrival order; per
   * partition that is log order).
   *
   * @throws AssertionError with how many arrived when the time is up
   */
  public List<ConsumerRecord<String, byte[]>> await(
      Predicate<ConsumerRecord<String, byte[]>> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (records) {
      while (true) {
        List<ConsumerRecord<String, byte[]>> found = records.stream().filter(filter).toList();
        if (found.size() >= count) {
          return found;
        }
        long wait = (deadline - System.nanoTime()) / 1_000_000;
        if (wait <= 0) {
          throw new AssertionError(
              "expected "
                  + count
                  + " matching records within "
                  + timeout
                  + ", got "
                  + found.size());
        }
        try {
          records.wait(Math.min(wait, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
