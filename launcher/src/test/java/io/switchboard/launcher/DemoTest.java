package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as the README starts it, on free ports: both nodes' callers show up on Kafka. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void conferenceEventsOfEveryNodeReachKafkaAndGatewaysAreReady() throws Exception {
    try (Demo demo = Demo.start(Config.of(demoSettings()))) {
      assertTrue(Files.readString(demo.dataDir().resolve("admin-token")).strip().length() >= 32);
      assertTrue(
          demo.summary().stream().noneMatch(line -> line.contains(demo.adminToken())),
          "the summary must not print the admin token");

      assertEquals(Set.of("fs1", "fs2"), nodesWithAMember(demo.bootstrapServers()));

      // A front end's create through the balancer: the meeting's voice conference opens on the
      // FreeSWITCH node of the BBB server that got it, and its gateway reports it on Kafka.
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      String query = "meetingID=demo-room&name=Demo+Room";
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + demo.balancer().httpPort()
                              + "/bigbluebutton/api/create?"
                              + query
                              + "&checksum="
                              + sha256Hex("create" + query + demo.balancerSecret())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(created.body().contains("<returncode>SUCCESS</returncode>"), created.body());
      Matcher bridge = Pattern.compile("<voiceBridge>(\\d+)</voiceBridge>").matcher(created.body());
      assertTrue(bridge.find(), created.body());
      assertTrue(
          conferenceSeen(demo.bootstrapServers(), bridge.group(1)),
          "no conference-create for voice bridge "
              + bridge.group(1)
              + " on "
              + Topics.EVENTS_CONFERENCE);

      for (var gateway : demo.gateways().values()) {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + gateway.managementPort() + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
      }
    }
  }

  /** The README's defaults, on free or ephemeral ports and in the test's folder. */
  private Map<String, String> demoSettings() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(Demo.DEFAULTS);
    settings.putAll(
        Map.of(
            "DEMO_DATA_DIR",
            dir.toString(),
            "DEMO_KAFKA_PORT",
            Integer.toString(freePort()),
            "DEMO_ESL_PORT",
            "0",
            "DEMO_GATEWAY_HTTP_PORT",
            "0",
            "DEMO_BBB_PORT",
            "0",
            "DEMO_BALANCER_HTTP_PORT",
            "0",
            "DEMO_BALANCER_MANAGEMENT_PORT",
            "0",
            "DEMO_GATEWAY_MANAGEMENT_PORT",
            "0"));
    return settings;
  }

  /**
   * The nodes whose callers show up on Kafka as add-member events within a minute (two at most).
   */
  private static Set<String> nodesWithAMember(String bootstrap) {
    Set<String> nodes = new HashSet<>();
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.EVENTS_CONFERENCE));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (nodes.size() < 2 && System.nanoTime() < deadline) {
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

  private static boolean conferenceSeen(String bootstrap, String conference) {
    try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
      consumer.subscribe(List.of(Topics.EVENTS_CONFERENCE));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          FsEvent event = Json.decode(r.value().getBytes(StandardCharsets.UTF_8), FsEvent.class);
          if ("conference-create".equals(event.header("Action"))
              && conference.equals(event.header("Conference-Name"))) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
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

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
