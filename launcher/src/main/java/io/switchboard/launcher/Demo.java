package io.switchboard.launcher;

import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.gateway.EslGateway;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.DemoActivity;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The all-in-one demo: a Kafka broker (embedded unless KAFKA_BOOTSTRAP_SERVERS names one),
 * simulated FreeSWITCH nodes with callers coming and going, an esl-gateway per node, and
 * simulated BBB servers. Everything binds to loopback except what the settings say.
 */
public final class Demo implements AutoCloseable {
  /**
   * Port settings are the first of a run of consecutive ports, one per node; 0 picks free ports
   * (tests).
   */
  public static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("DEMO_NODES", "2"),
      Map.entry("DEMO_DATA_DIR", "demo-data"),
      Map.entry("DEMO_KAFKA_PORT", "9092"),
      Map.entry("DEMO_ESL_PORT", "8021"),
      Map.entry("DEMO_GATEWAY_HTTP_PORT", "8081"),
      Map.entry("DEMO_BBB_PORT", "8101"),
      Map.entry("DEMO_ACTIVITY", "true"),
      Map.entry("KAFKA_BOOTSTRAP_SERVERS", ""),
      Map.entry("ADMIN_TOKEN", ""));

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Config config;
  private final Path dataDir;
  private String bootstrapServers;
  private String adminToken;
  private final Map<String, EslGateway> gateways = new HashMap<>();
  private final Map<String, FreeSwitchSimulator> freeswitches = new HashMap<>();

  private Demo(Config config) {
    this.config = config;
    this.dataDir = Path.of(config.string("DEMO_DATA_DIR")).toAbsolutePath();
  }

  /** Starts everything, or nothing: what started before a failure is closed again. */
  public static Demo start(Config config) throws Exception {
    Demo demo = new Demo(config);
    try {
      demo.boot();
      return demo;
    } catch (Exception | Error e) {
      demo.close();
      throw e;
    }
  }

  private void boot() throws Exception {
    int nodes = config.integer("DEMO_NODES");
    if (nodes < 1 || nodes > 20) {
      throw new ConfigException("DEMO_NODES must be between 1 and 20, was " + nodes);
    }
    Files.createDirectories(dataDir);
    adminToken = config.optional("ADMIN_TOKEN").filter(t -> !t.isBlank()).orElseGet(this::generatedToken);
    bootstrapServers = config.optional("KAFKA_BOOTSTRAP_SERVERS").filter(s -> !s.isBlank())
        .orElseGet(this::embeddedKafka);
    // Topics first, so that the services' producers and consumers don't race their creation.
    Vertx vertx = Vertx.vertx();
    try {
      TopicAdmin.ensure(vertx, KafkaSettings.of(bootstrapServers), Topics.ALL, 6, (short) 1)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
    for (int i = 1; i <= nodes; i++) {
      startNode("fs" + i, i - 1);
    }
  }

  private String embeddedKafka() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().port(config.integer("DEMO_KAFKA_PORT"))
        .dataDirectory(dataDir.resolve("kafka")).start();
    started.push(kafka);
    return kafka.bootstrapServers();
  }

  private void startNode(String node, int index) throws Exception {
    Path nodeDir = dataDir.resolve(node);
    Path confDir = Files.createDirectories(nodeDir.resolve("freeswitch"));
    SimulatorOptions options = SimulatorOptions.defaults().withPort(port("DEMO_ESL_PORT", index))
        .withHostname(node).withConfigurationDir(confDir);
    FreeSwitchSimulator fs = FreeSwitchSimulator.start(options);
    started.push(fs);
    freeswitches.put(node, fs);
    if (config.bool("DEMO_ACTIVITY", true)) {
      started.push(DemoActivity.start(fs));
    }
    Map<String, String> settings = new HashMap<>(GatewayConfig.DEFAULTS);
    settings.putAll(Map.of(
        "NODE_ID", node,
        "ESL_URL", fs.eslUrl(),
        "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
        "HTTP_HOST", "127.0.0.1",
        "HTTP_PORT", Integer.toString(port("DEMO_GATEWAY_HTTP_PORT", index)),
        "ADMIN_TOKEN", adminToken,
        "FS_CONF_DIR", confDir.toString(),
        "DATA_DIR", nodeDir.resolve("esl-gateway").toString(),
        "SPOOL_MAX_BYTES", "64m",
        "SPOOL_SEGMENT_BYTES", "8m"));
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    started.push(runtime::close);
    GatewayConfig gatewayConfig = GatewayConfig.from(Config.of(settings));
    EslGateway gateway = EslGateway.start(runtime, gatewayConfig, gatewayConfig::sockets)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    started.push(gateway::close);
    gateways.put(node, gateway);
  }

  private int port(String key, int index) {
    int base = config.integer(key);
    return base == 0 ? 0 : base + index;
  }

  /** A random admin token, kept in a file only its owner reads rather than printed. */
  private String generatedToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    try {
      Path file = dataDir.resolve("admin-token");
      Path temp = Files.createTempFile(dataDir, "admin-token", ".tmp");
      Files.writeString(temp, token + "\n");
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the demo's admin token under " + dataDir + ": " + e.getMessage(), e);
    }
    return token;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Map<String, EslGateway> gateways() {
    return Map.copyOf(gateways);
  }

  public Map<String, FreeSwitchSimulator> freeswitches() {
    return Map.copyOf(freeswitches);
  }

  public String adminToken() {
    return adminToken;
  }

  /** What an operator needs to look at the running demo. */
  public List<String> summary() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("Kafka:            " + bootstrapServers);
    freeswitches.keySet().stream().sorted().forEach(node -> lines.add(String.format(
        "%-6s FreeSWITCH simulator %s, esl-gateway http://127.0.0.1:%d (/metrics, /health/ready, /admin/sockets)",
        node, freeswitches.get(node).eslUrl().replaceAll("//[^@]*@", "//"), gateways.get(node).httpPort())));
    lines.add("Admin token:      " + Optional.of(dataDir.resolve("admin-token")).filter(Files::exists)
        .map(Path::toString).orElse("the ADMIN_TOKEN you set"));
    return lines;
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("demo: stopping a part failed: " + e.getMessage());
      }
    }
  }
}
