package io.switchboard.gateway;

import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A FreeSWITCH simulator and a gateway in front of it, for one test. */
final class GatewayFixture implements AutoCloseable {
  static final String TOKEN = "test-admin-token";

  final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
  final FreeSwitchSimulator fs;
  final Path dataDir;
  final Path confDir;
  final String bootstrap;
  private final Map<String, String> overrides;
  ServiceRuntime runtime;
  EslGateway gateway;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  GatewayFixture(
      String bootstrap, Path dir, SimulatorOptions simulator, Map<String, String> overrides) {
    this.bootstrap = bootstrap;
    this.dataDir = dir.resolve("data");
    this.confDir = dir.resolve("conf");
    this.overrides = overrides;
    this.fs = FreeSwitchSimulator.start(simulator);
    startGateway();
  }

  GatewayFixture(String bootstrap, Path dir) {
    this(
        bootstrap, dir, SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO), Map.of());
  }

  static void createTopics(KafkaBroker broker) {
    Topics.ALL.forEach(t -> broker.createTopic(t.name(), 3, t.compacted()));
  }

  Map<String, String> settings() {
    Map<String, String> map = new HashMap<>();
    map.put("NODE_ID", node);
    map.put("ESL_URL", fs.eslUrl());
    map.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    map.put("HTTP_HOST", "127.0.0.1");
    map.put("HTTP_PORT", "0");
    map.put("MANAGEMENT_PORT", "0");
    map.put("ADMIN_TOKEN", TOKEN);
    map.put("DATA_DIR", dataDir.toString());
    map.put("FS_CONF_DIR", confDir.toString());
    map.put("RECONNECT_MIN", "100ms");
    map.put("RECONNECT_MAX", "1s");
    map.put("NODE_STATE_INTERVAL", "2s");
    map.put("TOPIC_PARTITIONS", "3");
    map.putAll(overrides);
    return map;
  }

  void startGateway() {
    runtime = ServiceRuntime.create("esl-gateway");
    GatewayConfig config = GatewayConfig.from(Config.of(settings()));
    try {
      gateway =
          EslGateway.start(
                  runtime, config, () -> GatewayConfig.from(Config.of(settings())).sockets())
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start", e);
    }
  }

  void stopGateway() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  void awaitConnected() {
    Await.until(
        () -> gateway.sockets().all().stream().allMatch(s -> s.connected()), "gateway connected");
  }

  HttpResponse<String> admin(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the management port: metrics and health live there, never on the admin port. */
  HttpResponse<String> management(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String metrics() throws Exception {
    return management("/metrics").body();
  }

  @Override
  public void close() {
    stopGateway();
    fs.close();
  }
}
