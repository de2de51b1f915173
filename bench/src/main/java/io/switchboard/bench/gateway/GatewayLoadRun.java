package io.switchboard.bench.gateway;

import io.switchboard.bus.Command;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.gateway.EslGateway;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.BulkEmission;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Load runs of the esl-gateway on this machine, each beside its baseline in the same run:
 *
 * <ol>
 *   <li>throughput: Kafka's own producer sending 1 KB records, then FreeSWITCH simulator -> gateway
 *       -> Kafka with ~1 KB events, both against the same in-process broker;
 *   <li>latency at 5,000 events/s: from the event's Event-Date-Timestamp (written by the simulator)
 *       to the broker's LogAppendTime;
 *   <li>command round trip: command produced to fs.commands, result consumed from
 *       fs.command-results.
 * </ol>
 *
 * {@code java -cp bench/target/bench.jar io.switchboard.bench.gateway.GatewayLoadRun [seconds per
 * rate]}
 */
public final class GatewayLoadRun {
  private GatewayLoadRun() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    Path dir = Files.createTempDirectory("gateway-bench");
    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(freePort()).dataDirectory(dir.resolve("kafka")).start()) {
      String bootstrap = kafka.bootstrapServers();
      createTopics(bootstrap);
      try (FreeSwitchSimulator fs = FreeSwitchSimulator.start(SimulatorOptions.defaults())) {
        String node = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
        EslGateway gateway = BenchGateway.start(runtime, fs, bootstrap, node, dir);
        Baselines baselines = producerBaselines(bootstrap, fs, node, dir);
        sustainedRates(bootstrap, fs, gateway, baselines, seconds);
        reportLatencies(bootstrap, fs, node);
        gateway.close();
        runtime.close();
      }
    }
  }

  /** What Kafka's own producer achieves, the yardstick for the gateway's throughput. */
  private record Baselines(double producer, double sameRecords) {}

  private static Baselines producerBaselines(
      String bootstrap, FreeSwitchSimulator fs, String node, Path dir) throws Exception {
    // The baseline sends the very envelopes the gateway writes (same size, same
    // compressibility).
    List<byte[]> envelopes = sampleEnvelopes(bootstrap, fs, node, 1000);
    int size = envelopes.get(0).length;
    double producer = perfTest(bootstrap, "--record-size", Integer.toString(size));
    System.out.printf(
        "kafka-producer-perf-test --record-size %d: %,10.0f records/s (best of %d runs of %,d)%n",
        size, producer, PERF_RUNS, PERF_RECORDS);
    Path payloads = dir.resolve("envelopes.txt");
    Files.write(
        payloads, envelopes.stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList());
    double sameRecords = perfTest(bootstrap, "--payload-file", payloads.toString());
    System.out.printf(
        "kafka-producer-perf-test --payload-file (the gateway's own envelopes): %,10.0f records/s%n",
        sameRecords);
    return new Baselines(producer, sameRecords);
  }

  private static void sustainedRates(
      String bootstrap, FreeSwitchSimulator fs, EslGateway gateway, Baselines base, int seconds)
      throws Exception {
    // FreeSWITCH does not wait for a slow reader: its listener queue (100,000 events) fills
    // and the listener is killed. Sustained throughput is therefore the highest offered rate
    // the gateway keeps up with, every event arriving, for `seconds` at a time.
    for (int rate : RATES) {
      Sustained run = sustained(bootstrap, fs, rate, seconds);
      System.out.printf(
          "simulator->gateway->kafka offered %,7d/s: delivered %,7.0f events/s (%.0f%% of the perf test "
              + "at that record size, %.0f%% of it with the envelopes), lost by FreeSWITCH %d, kept up %s%n",
          rate,
          run.delivered(),
          100 * run.delivered() / base.producer(),
          100 * run.delivered() / base.sameRecords(),
          run.lost(),
          run.keptUp());
      if (!run.keptUp()) {
        break;
      }
      BenchGateway.awaitConnected(gateway);
    }
  }

  private static void reportLatencies(String bootstrap, FreeSwitchSimulator fs, String node)
      throws Exception {
    long[] latencies = latencyAt(bootstrap, fs, node, 5_000, 20);
    System.out.printf(
        "event latency at 5,000/s (ms, FS timestamp -> broker append): p50 %d  p99 %d  max %d  (n=%d)%n",
        pct(latencies, 50), pct(latencies, 99), latencies[latencies.length - 1], latencies.length);
    long[] roundTrips = commandRoundTrips(bootstrap, node, 1000, 50);
    System.out.printf(
        "command round trip (ms): p50 %d  p99 %d  max %d  (n=%d)%n",
        pct(roundTrips, 50),
        pct(roundTrips, 99),
        roundTrips[roundTrips.length - 1],
        roundTrips.length);
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(KafkaSettings.of(bootstrap).clientProperties())) {
      List<NewTopic> topics =
          Topics.ALL.stream()
              .map(
                  t -> {
                    NewTopic topic = new NewTopic(t.name(), 3, (short) 1);
                    // LogAppendTime: record timestamps are when the broker stored them, for the
                    // latency run.
                    Map<String, String> configs =
                        new HashMap<>(Map.of("message.timestamp.type", "LogAppendTime"));
                    if (t.compacted()) {
                      configs.put("cleanup.policy", "compact");
                    }
                    return topic.configs(configs);
                  })
              .toList();
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      admin
          .createTopics(List.of(new NewTopic("bench.raw", 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static List<byte[]> sampleEnvelopes(
      String bootstrap, FreeSwitchSimulator fs, String node, int count) throws Exception {
    List<byte[]> values = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      fs.emit(BulkEmission.conferenceEvents(count, 1024, 0));
      while (values.size() < count) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (node.equals(r.key())) {
            values.add(r.value());
          }
        }
      }
    }
    return values;
  }

  private static final int PERF_RUNS = 3;
  private static final int PERF_RECORDS = 1_000_000;
  private static final Pattern PERF_TOTAL =
      Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

  /**
   * Kafka's own producer benchmark (ProducerPerformance, what kafka-producer-perf-test.sh runs)
   * with the gateway's producer settings against the same broker; the best of {@value #PERF_RUNS}
   * runs, so the baseline gets every chance. It prints its totals; they are read from its output.
   */
  private static double perfTest(String bootstrap, String... payload) throws Exception {
    double best = 0;
    for (int run = 0; run < PERF_RUNS; run++) {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--topic",
                  "bench.raw",
                  "--num-records",
                  Integer.toString(PERF_RECORDS),
                  "--throughput",
                  "-1"));
      args.addAll(List.of(payload));
      args.addAll(
          List.of(
              "--producer-props",
              "bootstrap.servers=" + bootstrap,
              "acks=all",
              "enable.idempotence=true",
              "max.in.flight.requests.per.connection=5",
              "compression.type=lz4",
              "batch.size=131072",
              "linger.ms=2"));
      java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
      java.io.PrintStream console = System.out;
      System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        ProducerPerformance.main(args.toArray(String[]::new));
      } finally {
        System.setOut(console);
      }
      boolean printedTotal = false;
      Matcher m = PERF_TOTAL.matcher(captured.toString(StandardCharsets.UTF_8));
      while (m.find()) {
        if (Long.parseLong(m.group(1)) == PERF_RECORDS) {
          printedTotal = true;
          best = Math.max(best, Double.parseDouble(m.group(2)));
        }
      }
      if (!printedTotal) {
        throw new IllegalStateException("kafka-producer-perf-test printed no total: " + captured);
      }
    }
    return best;
  }

  /**
   * Offered rates: 40k, 50k, then steps of 20k up to the first the gateway does not keep up with.
   */
  private static final int[] RATES =
      IntStream.concat(
              IntStream.of(40_000, 50_000),
              IntStream.iterate(60_000, r -> r <= 600_000, r -> r + 20_000))
          .toArray();

  private record Sustained(double delivered, long lost, boolean keptUp) {}

  /**
   * Offers {@code rate} events/s for {@code seconds}; delivered = events / time until the last was
   * stored. Arrivals are counted from the topic's end offsets (only this gateway writes the topic
   * here), not by fetching every record: a consumer would take CPU from the gateway that the
   * producer's baseline run does not have to share.
   */
  private static Sustained sustained(
      String bootstrap, FreeSwitchSimulator fs, int rate, int seconds) throws Exception {
    int count = rate * seconds;
    long lostBefore = fs.lostEvents();
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      long base = stored(consumer);
      long start = System.nanoTime();
      fs.emit(BulkEmission.conferenceEvents(count, 1024, rate));
      long seen = 0;
      long deadline = start + TimeUnit.SECONDS.toNanos(seconds * 3L + 10);
      long last = start;
      // Wait for the backlog of a run that did not keep up too, so the next run starts clean.
      while (seen < count - (fs.lostEvents() - lostBefore) && System.nanoTime() < deadline) {
        long now = stored(consumer) - base;
        if (now > seen) {
          seen = now;
          last = System.nanoTime();
        }
        Thread.sleep(10);
      }
      long lost = fs.lostEvents() - lostBefore;
      double delivered = seen / ((last - start) / 1e9);
      // Kept up: everything arrived, and no faster backlog grew than 5% of the offered rate.
      return new Sustained(delivered, lost, seen == count && lost == 0 && delivered >= 0.95 * rate);
    }
  }

  private static long stored(KafkaConsumer<String, byte[]> consumer) {
    return consumer.endOffsets(consumer.assignment()).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static long[] latencyAt(
      String bootstrap, FreeSwitchSimulator fs, String node, int rate, int seconds)
      throws Exception {
    int count = rate * seconds;
    try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
      fs.emit(BulkEmission.conferenceEvents(count, 1024, rate));
      long[] latencies = new long[count];
      int n = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60);
      while (n < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (node.equals(r.key()) && n < count) {
            FsEvent event = Json.decode(r.value(), FsEvent.class);
            long firedMicros = Long.parseLong(event.header("Event-Date-Timestamp"));
            latencies[n++] = Math.max(0, r.timestamp() - firedMicros / 1000);
          }
        }
      }
      long[] result = Arrays.copyOf(latencies, n);
      Arrays.sort(result);
      return result;
    }
  }

  private static long[] commandRoundTrips(String bootstrap, String node, int count, int perSecond)
      throws Exception {
    Map<String, Long> sent = new ConcurrentHashMap<>();
    long[] trips = new long[count];
    AtomicLong done = new AtomicLong();
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(KafkaSettings.of(bootstrap).reliableProducer("bench-cmd"));
        KafkaConsumer<String, byte[]> results = consumer(bootstrap, Topics.COMMAND_RESULTS)) {
      Thread reader =
          new Thread(
              () -> {
                while (done.get() < count) {
                  for (ConsumerRecord<String, byte[]> r : results.poll(Duration.ofMillis(50))) {
                    Long at = sent.remove(r.key());
                    if (at != null) {
                      trips[(int) done.getAndIncrement()] = (System.nanoTime() - at) / 1_000_000;
                    }
                  }
                }
              });
      reader.start();
      for (int i = 0; i < count; i++) {
        long now = System.currentTimeMillis();
        Command command =
            Command.api(UUID.randomUUID().toString(), node, "status", "bench", now, now + 30_000);
        sent.put(command.id(), System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.COMMANDS, node, Json.encode(command)));
        Thread.sleep(1000 / perSecond);
      }
      reader.join(TimeUnit.SECONDS.toMillis(60));
    }
    long[] result = Arrays.copyOf(trips, (int) Math.min(done.get(), count));
    Arrays.sort(result);
    return result;
  }

  private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
    return consumer(bootstrap, Topics.EVENTS_CONFERENCE);
  }

  /** Positioned at the end of {@code topic}, so that only what comes next is counted. */
  private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private static long pct(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
