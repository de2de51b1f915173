package io.switchboard.bench.registration;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the bus the way an operator could, the same for both ways of registering: every file put
 * and rescan on fs.commands, the gateways' results on fs.command-results, and sofia's gateway_state
 * events. Neither the service's nor the baseline's own bookkeeping is trusted.
 */
final class RegistrationObserver implements AutoCloseable {
  private static final Pattern RESCAN = Pattern.compile("sofia profile \\S+ rescan");

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  /** File put command id -> the gateways whose files it writes. */
  private final Map<String, List<String>> puts = new ConcurrentHashMap<>();

  /** Command id -> when its gateway finished it OK (epoch ms). */
  private final Map<String, Long> okAt = new ConcurrentHashMap<>();

  /** Gateway name -> when FreeSWITCH first reported it REGED (epoch ms). */
  private final Map<String, Long> regedAt = new ConcurrentHashMap<>();

  /** Room -> when this observer read its conference-create off the bus (epoch ms). */
  private final Map<String, Long> createRead = new ConcurrentHashMap<>();

  private final AtomicInteger rescans = new AtomicInteger();

  /** Command id -> issuer, for the timings split by who issued it. */
  private final Map<String, Command> issued = new ConcurrentHashMap<>();

  private final Map<String, CommandResult> results = new ConcurrentHashMap<>();

  RegistrationObserver(String bootstrap) {
    consumer =
        atEnd(
            bootstrap,
            Topics.COMMANDS,
            Topics.COMMAND_RESULTS,
            Topics.EVENTS_SOFIA,
            Topics.EVENTS_CONFERENCE);
    thread = new Thread(this::run, "registration-observer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
        switch (r.topic()) {
          case Topics.COMMANDS -> onCommand(Json.decode(r.value(), Command.class));
          case Topics.COMMAND_RESULTS -> onResult(Json.decode(r.value(), CommandResult.class));
          case Topics.EVENTS_CONFERENCE -> onConference(Json.decode(r.value(), FsEvent.class));
          default -> onSofia(Json.decode(r.value(), FsEvent.class));
        }
      }
    }
    consumer.close();
  }

  private void onCommand(Command command) {
    issued.put(command.id(), command);
    if (command.op() == Command.Op.FILE_PUT) {
      puts.put(command.id(), List.of(gatewayOf(command.path())));
    } else if (command.op() == Command.Op.FILES_PUT) {
      puts.put(command.id(), command.files().stream().map(file -> gatewayOf(file.path())).toList());
    } else if (isRescan(command)) {
      rescans.incrementAndGet();
    }
  }

  /** The gateway a file of a profile's gateway folder holds: its name without {@code .xml}. */
  static String gatewayOf(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".xml".length());
  }

  private void onResult(CommandResult result) {
    results.put(result.id(), result);
    if (result.status() == CommandResult.Status.OK) {
      okAt.put(result.id(), result.finishedAt());
    }
  }

  private void onConference(FsEvent event) {
    if ("conference-create".equals(event.header("Action"))) {
      createRead.putIfAbsent(event.header("Conference-Name"), System.currentTimeMillis());
    }
  }

  private void onSofia(FsEvent event) {
    if ("sofia::gateway_state".equals(event.subclass()) && "REGED".equals(event.header("State"))) {
      long micros = Long.parseLong(event.header("Event-Date-Timestamp"));
      regedAt.putIfAbsent(event.header("Gateway"), micros / 1000);
    }
  }

  /** Rescans seen on fs.commands so far, from everyone. */
  int rescans() {
    return rescans.get();
  }

  /** When this observer read each room's conference-create, by room. */
  Map<String, Long> createsRead() {
    return createRead;
  }

  /** When each gateway's file was first sent (in a put issued), by gateway name. */
  Map<String, Long> filesSent() {
    Map<String, Long> first = new ConcurrentHashMap<>();
    puts.forEach(
        (id, gateways) ->
            gateways.forEach(
                gateway -> first.merge(gateway, issued.get(id).issuedAt(), Math::min)));
    return first;
  }

  /** When each gateway's file was first written OK, by gateway name. */
  Map<String, Long> filesWritten() {
    Map<String, Long> first = new ConcurrentHashMap<>();
    puts.forEach(
        (id, gateways) -> {
          Long at = okAt.get(id);
          if (at != null) {
            gateways.forEach(gateway -> first.merge(gateway, at, Math::min));
          }
        });
    return first;
  }

  /**
   * Per command of {@code issuer} issued from {@code since} (epoch ms) that ran: ms from issued to
   * started at the node's gateway (its queue), or, with {@code execution}, from started to finished
   * (FreeSWITCH's time), sorted.
   */
  long[] commandMillis(String issuer, long since, boolean rescansOnly, boolean execution) {
    return issued.values().stream()
        .filter(
            c ->
                issuer.equals(c.issuer()) && c.issuedAt() >= since && (!rescansOnly || isRescan(c)))
        .filter(c -> results.containsKey(c.id()) && results.get(c.id()).startedAt() > 0)
        .mapToLong(
            c -> {
              CommandResult r = results.get(c.id());
              return execution ? r.finishedAt() - r.startedAt() : r.startedAt() - c.issuedAt();
            })
        .sorted()
        .toArray();
  }

  /**
   * How long each of {@code issuer}'s file puts (one file or many) issued from {@code since} ran at
   * its gateway, in ms.
   */
  long[] putMillis(String issuer, long since) {
    return issued.values().stream()
        .filter(
            c ->
                issuer.equals(c.issuer())
                    && c.issuedAt() >= since
                    && (c.op() == Command.Op.FILE_PUT || c.op() == Command.Op.FILES_PUT))
        .filter(c -> results.containsKey(c.id()) && results.get(c.id()).startedAt() > 0)
        .mapToLong(c -> results.get(c.id()).finishedAt() - results.get(c.id()).startedAt())
        .sorted()
        .toArray();
  }

  private static boolean isRescan(Command command) {
    return command.op().isApi() && RESCAN.matcher(command.command()).matches();
  }

  /** When each gateway was first reported REGED, by gateway name. */
  Map<String, Long> reged() {
    return regedAt;
  }

  /**
   * Milliseconds from each room's create to {@code reached}, sorted; rooms never reached left out.
   */
  static long[] since(Map<String, Long> created, Map<String, Long> reached) {
    return created.entrySet().stream()
        .filter(e -> reached.containsKey(e.getKey()))
        .mapToLong(e -> Math.max(0, reached.get(e.getKey()) - e.getValue()))
        .sorted()
        .toArray();
  }

  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  }

  static long max(long[] sorted) {
    return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }

  /** Assigned at the end of {@code topics}, so that only what comes next is seen. */
  static KafkaConsumer<String, byte[]> atEnd(String bootstrap, String... topics) {
    Properties props = new Properties();
    props.putAll(KafkaSettings.of(bootstrap).clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
    Collection<TopicPartition> partitions =
        Arrays.stream(topics)
            .flatMap(
                t ->
                    consumer.partitionsFor(t).stream()
                        .map(p -> new TopicPartition(t, p.partition())))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
