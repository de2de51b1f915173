package io.switchboard.bench.registration;

import io.switchboard.bus.Command;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.registration.gateway.GatewayRenderer;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The fsconfregger way, through the same bus and gateways: on each room's conference-create, its
 * own gateway file and its own {@code sofia profile external rescan} (fsconfregger runs a script
 * and a reload per room; nothing is batched). Files are rendered by the service's renderer with the
 * same secret, so the registrar accepts them and only the batching differs. On conference-destroy,
 * the file's deletion and a {@code killgw}, so that the run's warm-up rooms leave nothing behind.
 */
final class FsconfreggerBaseline implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> events;
  private final KafkaProducer<String, byte[]> producer;
  private final GatewayRenderer renderer;
  private final Pattern rooms;
  private final Thread thread;
  private volatile boolean running = true;

  FsconfreggerBaseline(String bootstrap, GatewayRenderer renderer, Pattern rooms) {
    this.renderer = renderer;
    this.rooms = rooms;
    this.producer =
        new KafkaProducer<>(KafkaSettings.of(bootstrap).reliableProducer("fsconfregger"));
    this.events = RegistrationObserver.atEnd(bootstrap, Topics.EVENTS_CONFERENCE);
    thread = new Thread(this::run, "fsconfregger");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, byte[]> r : events.poll(Duration.ofMillis(20))) {
        FsEvent event = Json.decode(r.value(), FsEvent.class);
        String room = event.header("Conference-Name");
        if (room == null || !rooms.matcher(room).matches()) {
          continue;
        }
        String action = event.header("Action");
        if ("conference-create".equals(action)) {
          register(event.node(), room);
        } else if ("conference-destroy".equals(action)) {
          unregister(event.node(), room);
        }
      }
    }
    events.close();
    producer.close();
  }

  private void register(String node, String room) {
    long now = System.currentTimeMillis();
    GatewayRenderer.RoomGateway gateway = renderer.render(room, "external", now);
    send(
        Command.filePut(
            id(), node, gateway.path(), gateway.content(), "fsconfregger", now, now + 60_000));
    send(
        Command.api(
            id(), node, "sofia profile external rescan", "fsconfregger", now, now + 60_000));
  }

  /** fsconfregger's script with {@code del}: the file goes, and FreeSWITCH kills the gateway. */
  private void unregister(String node, String room) {
    long now = System.currentTimeMillis();
    String gateway = renderer.gatewayName(room);
    send(
        Command.fileDelete(
            id(), node, renderer.path("external", gateway), "fsconfregger", now, now + 60_000));
    send(
        Command.api(
            id(),
            node,
            "sofia profile external killgw " + gateway,
            "fsconfregger",
            now,
            now + 60_000));
  }

  private void send(Command command) {
    producer.send(new ProducerRecord<>(Topics.COMMANDS, command.node(), Json.encode(command)));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5_000);
  }
}
