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
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A service's side of fs.commands and fs.command-results, on the test broker. */
final class CommandBus implements AutoCloseable {
  private static final TopicContract CONTRACT = TopicContract.load();

  private final KafkaProducer<String, byte[]> producer;
  final RecordCollector results;

  CommandBus(String bootstrap) {
    producer = new KafkaProducer<>(KafkaSettings.of(bootstrap).reliableProducer("test-commands"));
    results = new RecordCollector(bootstrap, List.of(Topics.COMMAND_RESULTS, Topics.NODES));
  }

  static Command api(String node, String command) {
    long now = System.currentTimeMillis();
    return Command.api(UUID.randomUUID().toString(), node, command, "test", now, now + 30_000);
  }

  void send(Command command) throws Exception {
    sendRaw(command.node(), Json.encode(command));
  }

  /** Any value, as a faulty or hostile producer would write it; keyed as commands are. */
  void sendRaw(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get();
  }

  /** Without waiting for each: the records are likely to reach the gateway in one batch. */
  void sendAllRaw(String key, List<byte[]> values) {
    values.forEach(v -> producer.send(new ProducerRecord<>(Topics.COMMANDS, key, v)));
    producer.flush();
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
  }
}
