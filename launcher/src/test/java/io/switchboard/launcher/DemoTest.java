package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.service.HealthProbe;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.sip.DemoRegistrar;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as the README starts it, on free ports, with the built-in registrar (the end-to-end test
 * runs it with Kamailio): every node's callers show up on Kafka, a meeting created through the
 * balancer opens its room on a node that registers it, and a second start on the same data folder
 * works.
 */
class DemoTest {
  private static final Duration SLOW = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void everyNodeReachesKafkaARoomRegistersAndTheDemoStartsAgainOnItsFolder() throws Exception {
    Map<String, String> settings = DemoSettings.onFreePorts(dir);
    settings.put("DEMO_REGISTRAR", "builtin");
    try (Demo demo = Demo.start(Config.of(settings))) {
      assertTrue(Files.readString(demo.dataDir().resolve("admin-token")).strip().length() >= 32);
      assertTrue(
          demo.summary().stream().noneMatch(line -> line.contains(demo.adminToken())),
          "the summary must not print the admin token");
      assertTrue(
          demo.summary().stream().anyMatch(line -> line.contains("built-in registrar")),
          String.join("\n", demo.summary()));
      assertEquals(Set.of("fs1", "fs2", "fs3"), nodesWithAMember(demo.bootstrapServers()));

      String room = createMeeting(demo, "demo-room");
      DemoRegistrar registrar =
          assertInstanceOf(BuiltInRegistrar.class, demo.registrar()).registrar();
      Await.until(
          () -> registrar.locationTable().containsKey(room), "room " + room + " registered", SLOW);
      SimulatedNode host =
          demo.nodes().values().stream()
              .filter(n -> n.freeswitch().conferences().containsKey(room))
              .findFirst()
              .orElseThrow();
      assertTrue(
          registrar.locationTable().get(room).contains(host.freeswitch().sipAddress()),
          registrar.locationTable() + " vs " + host.freeswitch().sipAddress());
      assertAllReady(demo);
    }
    // A second start on the same folder: same secrets, Kafka's log kept, servers added afresh.
    try (Demo again = Demo.start(Config.of(settings))) {
      assertAllReady(again);
      createMeeting(again, "demo-room-2");
    }
  }

  /** Creates a meeting through the balancer; its voice bridge. */
  private static String createMeeting(Demo demo, String id) throws Exception {
    BbbApiClient bbb =
        new BbbApiClient(
            demo.service("balancer-service").httpUrl() + "/bigbluebutton/api",
            demo.balancerSecret());
    String created = bbb.call("create", "meetingID", id, "name", "Demo Room");
    assertTrue(BbbApiClient.succeeded(created), created);
    String bridge = BbbApiClient.element(created, "voiceBridge");
    assertTrue(bridge != null && bridge.matches("\\d{5}"), created);
    return bridge;
  }

  /**
   * Every service answers ready within a while: after a restart the balancer's servers are added
   * afresh and are online only once their first poll answered.
   */
  private static void assertAllReady(Demo demo) {
    for (var port : demo.managementPorts().entrySet()) {
      URI uri = URI.create("http://127.0.0.1:" + port.getValue() + "/health/ready");
      Await.until(() -> HealthProbe.answersOk(uri), port.getKey() + " ready", SLOW);
    }
  }

  /** The nodes whose callers show up on Kafka as add-member events within a minute. */
  private static Set<String> nodesWithAMember(String bootstrap) {
    Set<String> nodes = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.EVENTS_CONFERENCE));
      long deadline = System.nanoTime() + SLOW.toNanos();
      while (nodes.size() < 3 && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if ("add-member"
                      .equals(
                          Json.decode(r.value().getBytes(StandardCharsets.UTF_8), FsEvent.class)
                              .header("Action"))) {
                    nodes.add(r.key());
                  }
                });
      }
    }
    return nodes;
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-test-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }
}
