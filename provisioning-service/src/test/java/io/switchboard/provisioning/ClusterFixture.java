package io.switchboard.provisioning;

import io.switchboard.bus.CommandResult;
import io.switchboard.config.Config;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Simulated FreeSWITCH nodes, each with its own configuration folder and a real gateway process in
 * front of it, and a provisioning service applying its folder to them, on the test's broker.
 */
final class ClusterFixture implements AutoCloseable {
  static final String TOKEN = "test-admin-token";
  static final String CONTEXTS = "team:20000-20009,friends:30000-30999";

  /** COMMAND_SEAL_KEY of the service and of every gateway: base64 of 32 bytes. */
  static final String SEAL_KEY = "c3dpdGNoYm9hcmQtcHJvdmlzaW9uaW5nLXRlc3QtayE=";

  final Path dir;
  final String bootstrap;
  final Path serviceDir;
  final Map<String, FreeSwitchSimulator> nodes = new LinkedHashMap<>();
  final Map<String, Path> nodeDirs = new LinkedHashMap<>();
  final Map<String, GatewayProcess> gateways = new LinkedHashMap<>();
  ServiceRuntime runtime;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  ProvisioningService service;

  ClusterFixture(String bootstrap, Path dir, int nodeCount) throws IOException {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.serviceDir = dir.resolve("service-conf");
    String run = UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < nodeCount; i++) {
      String node = "node-" + run + "-" + (char) ('a' + i);
      Path conf = dir.resolve(node).resolve("conf");
      installContexts(conf);
      nodeDirs.put(node, conf);
      nodes.put(
          node,
          FreeSwitchSimulator.start(
              SimulatorOptions.defaults()
                  .withConfigurationDir(conf)
                  .withHeartbeatInterval(Duration.ZERO)));
    }
    try {
      nodes.keySet().forEach(this::startGateway);
      nodes.keySet().forEach(this::awaitGateway);
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  /**
   * What the node's installed configuration holds for each context (docs/provisioning.md): the
   * domain and the dialplan context that include the managed folders.
   */
  static void installContexts(Path conf) throws IOException {
    for (String context : List.of("team", "friends")) {
      Files.createDirectories(conf.resolve("directory").resolve(context));
      Files.createDirectories(conf.resolve("dialplan").resolve(context));
      Files.writeString(
          conf.resolve("directory").resolve(context + ".xml"),
          String.join(
              "\n",
              "<include>",
              "  <domain name=\"" + context + "\">",
              "    <groups>",
              "      <group name=\"" + context + "\">",
              "        <users>",
              "          <X-PRE-PROCESS cmd=\"include\" data=\"" + context + "/*.xml\"/>",
              "        </users>",
              "      </group>",
              "    </groups>",
              "  </domain>",
              "</include>",
              ""));
      Files.writeString(
          conf.resolve("dialplan").resolve(context + ".xml"),
          String.join(
              "\n",
              "<include>",
              "  <context name=\"" + context + "\">",
              "    <X-PRE-PROCESS cmd=\"include\" data=\"" + context + "/*.xml\"/>",
              "  </context>",
              "</include>",
              ""));
    }
  }

  void startGateway(String node) {
    try {
      gateways.put(
          node,
          GatewayProcess.start(
              node,
              nodes.get(node).eslUrl(),
              bootstrap,
              nodeDirs.get(node),
              dir.resolve(node).resolve("data"),
              dir.resolve(node + "-gateway.log")));
    } catch (IOException e) {
      throw new IllegalStateException("gateway of " + node + " did not start", e);
    }
  }

  void awaitGateway(String node) {
    Await.until(
        () -> gateways.get(node).ready(), node + "'s gateway ready", Duration.ofSeconds(90));
  }

  void stopGateway(String node) {
    gateways.remove(node).close();
  }

  Map<String, String> settings() {
    Map<String, String> map = new HashMap<>();
    map.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    map.put("HTTP_HOST", "127.0.0.1");
    map.put("HTTP_PORT", "0");
    map.put("MANAGEMENT_PORT", "0");
    map.put("ADMIN_TOKEN", TOKEN);
    map.put("COMMAND_SEAL_KEY", SEAL_KEY);
    map.put("TOPIC_PARTITIONS", "3");
    map.put("PROVISIONING_CONF_DIR", serviceDir.toString());
    map.put("PROVISIONING_CONTEXTS", CONTEXTS);
    map.put("PROVISIONING_API_CONTEXT", "team");
    map.put("PROVISIONING_NODES", String.join(",", nodes.keySet()));
    map.put("PROVISIONING_SCAN_INTERVAL", "300ms");
    map.put("PROVISIONING_COMMAND_TIMEOUT", "4s");
    return map;
  }

  ClusterFixture startService() throws Exception {
    return startService(Map.of());
  }

  ClusterFixture startService(Map<String, String> overrides) throws Exception {
    Map<String, String> settings = settings();
    settings.putAll(overrides);
    runtime = ServiceRuntime.create("provisioning-service");
    try {
      service =
          ProvisioningService.start(runtime, ProvisioningConfig.from(Config.of(settings)))
              .toCompletionStage()
              .toCompletableFuture()
              .get(90, TimeUnit.SECONDS);
    } catch (Exception | AssertionError e) {
      // The caller's try-with-resources never received this fixture: close it here.
      close();
      throw e;
    }
    return this;
  }

  List<String> nodeIds() {
    return new ArrayList<>(nodes.keySet());
  }

  /** What {@code node} has loaded for a context's domain, asked through its gateway. */
  String loadedDomain(String node, String context) throws Exception {
    CommandResult result =
        service
            .ask(node, "xml_locate directory domain name " + context)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return result.reply() == null ? "" : result.reply();
  }

  HttpResponse<String> api(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
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

  /** A GET on the public port with an {@code Authorization} header as given (null for none). */
  HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET on the management port, as Prometheus or an orchestrator makes it. */
  String management(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.managementPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** An admin call with a binary body (or none) whose answer is read as bytes. */
  HttpResponse<byte[]> adminBytes(String method, String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  JsonObject admin(String method, String path, String body, int expectedStatus) throws Exception {
    HttpResponse<String> response = api(method, path, body, TOKEN);
    if (response.statusCode() != expectedStatus) {
      throw new AssertionError(
          method
              + " "
              + path
              + ": expected "
              + expectedStatus
              + ", got "
              + response.statusCode()
              + " "
              + response.body());
    }
    return new JsonObject(response.body());
  }

  /** Writes a file into the service's folder as an operator's editor would. */
  void handEdit(String relative, String content) throws IOException {
    Path target = serviceDir.resolve(relative);
    Files.createDirectories(target.getParent());
    Files.writeString(target, content);
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    gateways.values().forEach(GatewayProcess::close);
    nodes.values().forEach(FreeSwitchSimulator::close);
  }
}
