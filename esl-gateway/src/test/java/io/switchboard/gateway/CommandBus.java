package io.switchboard.gateway;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.kafka.RecordCollector;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A service's side of fs.commands and fs.command-results, on the test broker. */
final class CommandBus implements AutoCloseable {
  private static final TopicContract CONTRACT = TopicContract.load();

  private final KafkaProducer<String, byte[]> producer;

  /**
   * Holds what it is given until flushed, in one record batch of up to 1 MiB: records of one batch
   * reach the gateway in one fetch, so in one poll.
   */
  private final KafkaProducer<String, byte[]> together;

  final RecordCollector results;

  CommandBus(String bootstrap) {
    producer = new KafkaProducer<>(KafkaSettings.of(bootstrap).reliableProducer("test-commands"));
    Properties batched = KafkaSettings.of(bootstrap).reliableProducer("test-commands-together");
    batched.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
    batched.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
    together = new KafkaProducer<>(batched);
    results = new RecordCollector(bootstrap, List.of(Topics.COMMAND_RESULTS, Topics.NODES));
  }

  static Command api(String node, String command) {
    long now = System.currentTimeMillis();
    return Command.api(UUID.randomUUID().toString(), node, command, "test", now, now + 30_000);
  }

  /** A put of an empty include at {@code path}, under FS_CONF_DIR. */
  static Command put(String node, String path) {
    long now = System.currentTimeMillis();
    return Command.filePut(
        "put-" + UUID.randomUUID(),
        node,
        path,
        "<include>\n</include>\n",
        "test",
        now,
        now + 30_000);
  }

  void send(Command command) throws Exception {
    sendRaw(command.node(), Json.encode(command));
  }

  /** Any value, as a faulty or hostile producer would write it; keyed as commands are. */
  void sendRaw(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get();
  }

  /**
   * In one record batch, so that the gateway polls them together (the commands of one poll are what
   * its schedule may run side by side). With single sends a record larger than the batch size went
   * out alone, and the gateway could poll it before the others.
   */
  void sendAllRaw(String key, List<byte[]> values) {
    values.forEach(v -> together.send(new ProducerRecord<>(Topics.COMMANDS, key, v)));
    together.flush();
  }

  CommandResult resultOf(String id) {
    ConsumerRecord<String, byte[]> record =
        results
            .await(
                r -> r.topic().equals(Topics.COMMAND_RESULTS) && id.equals(r.key()),
                1,
                Duration.ofSeconds(30))
            .get(0);
    CONTRACT.validate(record.topic(), record.value());
    return Json.decode(record.value(), CommandResult.class);
  }

  List<ConsumerRecord<String, byte[]>> resultsOf(String id) {
    return results.matching(r -> r.topic().equals(Topics.COMMAND_RESULTS) && id.equals(r.key()));
  }

  @Override
  public void close() {
    results.close();
    producer.close();
    together.close();
  }
}
