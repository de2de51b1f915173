package io.switchboard.launcher;

import io.switchboard.balancer.Balancer;
import io.switchboard.balancer.BalancerConfig;
import io.switchboard.balancer.cli.BalancerCli;
import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.gateway.EslGateway;
import io.switchboard.gateway.GatewayConfig;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.service.Closer;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.bbb.BbbSimulatorConfig;
import io.switchboard.testkit.freeswitch.DemoActivity;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one demo: a Kafka broker (embedded unless KAFKA_BOOTSTRAP_SERVERS names one),
 * simulated FreeSWITCH nodes with callers coming and going, an esl-gateway per node, a simulated
 * BBB server per node whose meetings open voice conferences on that node, and the balancer in front
 * of the BBB servers. Everything listens on loopback.
 */
public final class Demo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  /**
   * Port settings are the first of a run of consecutive ports, one per node; 0 picks free ports
   * (tests).
   */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("DEMO_NODES", "2"),
          Map.entry("DEMO_DATA_DIR", "demo-data"),
          Map.entry("DEMO_KAFKA_PORT", "9092"),
          Map.entry("DEMO_ESL_PORT", "8021"),
          Map.entry("DEMO_GATEWAY_HTTP_PORT", "8081"),
          Map.entry("DEMO_GATEWAY_MANAGEMENT_PORT", "9481"),
          Map.entry("DEMO_BBB_PORT", "8101"),
          Map.entry("DEMO_BALANCER_HTTP_PORT", "8090"),
          Map.entry("DEMO_BALANCER_MANAGEMENT_PORT", "9490"),
          Map.entry("DEMO_ACTIVITY", "true"),
          Map.entry("KAFKA_BOOTSTRAP_SERVERS", ""),
          Map.entry("ADMIN_TOKEN", ""));

  private final Closer started = new Closer("demo");
  private final Config config;
  private final Path dataDir;
  private String bootstrapServers;
  private String adminToken;
  private final Map<String, EslGateway> gateways = new HashMap<>();
  private final Map<String, FreeSwitchSimulator> freeswitches = new HashMap<>();
  private final Map<String, BbbServerSimulator> bbbServers = new HashMap<>();
  private Vertx vertx;
  private Balancer balancer;
  private String balancerSecret;

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
    adminToken =
        config
            .optional("ADMIN_TOKEN")
            .filter(t -> !t.isBlank())
            .orElseGet(() -> keptSecret("admin-token", HexFormat.of()::formatHex));
    balancerSecret = keptSecret("balancer-secret", HexFormat.of()::formatHex);
    bootstrapServers =
        config
            .optional("KAFKA_BOOTSTRAP_SERVERS")
            .filter(s -> !s.isBlank())
            .orElseGet(this::embeddedKafka);
    vertx = Vertx.vertx();
    started.add(() -> await(vertx.close()));
    // Topics first, so that the services' producers and consumers don't race their creation.
    await(TopicAdmin.ensure(vertx, KafkaSettings.of(bootstrapServers), Topics.ALL, 6, (short) 1));
    for (int i = 1; i <= nodes; i++) {
      startNode("fs" + i, i - 1);
    }
    startBalancer();
  }

  private String embeddedKafka() {
    EmbeddedKafka kafka =
        EmbeddedKafka.builder()
            .port(config.integer("DEMO_KAFKA_PORT"))
            .dataDirectory(dataDir.resolve("kafka"))
            .start();
    started.add(kafka);
    return kafka.bootstrapServers();
  }

  private void startNode(String node, int index) throws Exception {
    Path nodeDir = dataDir.resolve(node);
    Path confDir = Files.createDirectories(nodeDir.resolve("freeswitch"));
    SimulatorOptions options =
        SimulatorOptions.defaults()
            .withPort(port("DEMO_ESL_PORT", index))
            .withHostname(node)
            .withConfigurationDir(confDir);
    FreeSwitchSimulator fs = FreeSwitchSimulator.start(options);
    started.add(fs);
    freeswitches.put(node, fs);
    if (config.bool("DEMO_ACTIVITY", true)) {
      started.add(DemoActivity.start(fs));
    }
    Map<String, String> settings =
        new HashMap<>(Map.of("SPOOL_MAX_BYTES", "64m", "SPOOL_SEGMENT_BYTES", "8m"));
    settings.putAll(
        Map.of(
            "NODE_ID", node,
            "ESL_URL", fs.eslUrl(),
            "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
            "HTTP_HOST", "127.0.0.1",
            "HTTP_PORT", Integer.toString(port("DEMO_GATEWAY_HTTP_PORT", index)),
            "MANAGEMENT_PORT", Integer.toString(port("DEMO_GATEWAY_MANAGEMENT_PORT", index)),
            "ADMIN_TOKEN", adminToken,
            "FS_CONF_DIR", confDir.toString(),
            "DATA_DIR", nodeDir.resolve("esl-gateway").toString()));
    ServiceRuntime runtime = ServiceRuntime.create("esl-gateway");
    started.add(runtime::close);
    GatewayConfig gatewayConfig = GatewayConfig.from(Config.of(settings));
    EslGateway gateway = await(EslGateway.start(runtime, gatewayConfig, gatewayConfig::sockets));
    started.add(gateway::close);
    gateways.put(node, gateway);

    // BBB's FreeSWITCH is the node's: a meeting's voice conference opens and closes there.
    String bbbId = "bbb" + (index + 1);
    BbbServerSimulator bbb =
        new BbbServerSimulator(
            vertx,
            BbbSimulatorConfig.builder(keptSecret(bbbId + "-secret", HexFormat.of()::formatHex))
                .serverId(bbbId)
                .port(port("DEMO_BBB_PORT", index))
                .build());
    await(bbb.start());
    started.add(() -> await(bbb.stop()));
    bbb.onVoiceConference(
        offTheLoop(fs::createConference, "opening"), offTheLoop(fs::destroyConference, "closing"));
    bbbServers.put(bbbId, bbb);
  }

  /**
   * The BBB simulator calls its hooks on its event loop, and driving the FreeSWITCH simulator waits
   * for its answer: the hook runs on a worker instead, in order.
   */
  private Consumer<String> offTheLoop(Consumer<String> hook, String what) {
    return voiceBridge ->
        vertx
            .executeBlocking(
                () -> {
                  hook.accept(voiceBridge);
                  return null;
                })
            .onFailure(
                e ->
                    LOG.warn(
                        "demo: {} voice conference {} failed: {}",
                        what,
                        voiceBridge,
                        e.toString()));
  }

  /**
   * The balancer, with every BBB server added and enabled through its admin API as an operator
   * would.
   */
  private void startBalancer() throws Exception {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                bootstrapServers,
                "HTTP_HOST",
                "127.0.0.1",
                "HTTP_PORT",
                Integer.toString(port("DEMO_BALANCER_HTTP_PORT", 0)),
                "MANAGEMENT_PORT",
                Integer.toString(port("DEMO_BALANCER_MANAGEMENT_PORT", 0)),
                "BALANCER_SECRET",
                balancerSecret,
                "BALANCER_STATE_KEY",
                keptSecret("balancer-state-key", Base64.getEncoder()::encodeToString),
                "BALANCER_INSTANCE_ID",
                "demo-balancer",
                "ADMIN_TOKEN",
                adminToken));
    ServiceRuntime runtime = ServiceRuntime.create("balancer-service");
    started.add(runtime::close);
    balancer = await(Balancer.start(runtime, BalancerConfig.from(Config.of(settings))));
    started.add(balancer::close);
    String url = "http://127.0.0.1:" + balancer.httpPort();
    for (BbbServerSimulator bbb : bbbServers.values()) {
      // A restarted demo finds its servers on Kafka already, perhaps at other ports (port 0) or
      // with a secret sealed under the key of a wiped data folder: each is added afresh. A remove
      // of a server the pool does not know is refused, and that is fine.
      cli(Map.of(), "--url", url, "remove", bbb.serverId());
      String added =
          cli(
              Map.of("BBB_SECRET", bbb.config().secret()),
              "--url",
              url,
              "add",
              bbb.serverId(),
              bbb.apiUrl());
      if (added != null) {
        throw new IllegalStateException(
            "could not add " + bbb.serverId() + " to the balancer: " + added);
      }
      String enabled = cli(Map.of(), "--url", url, "enable", bbb.serverId());
      if (enabled != null) {
        throw new IllegalStateException(
            "could not enable " + bbb.serverId() + " on the balancer: " + enabled);
      }
    }
  }

  /** Runs the pool CLI as an operator would; null when it succeeded, else what it said. */
  private String cli(Map<String, String> env, String... args) {
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("ADMIN_TOKEN", adminToken);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        BalancerCli.run(
            args,
            withToken,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return code == 0 ? null : out.toString(StandardCharsets.UTF_8).strip();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private int port(String key, int index) {
    int base = config.integer(key);
    return base == 0 ? 0 : base + index;
  }

  /**
   * A random secret of the demo's, kept in a file of the data folder so that a restarted demo
   * (whose Kafka keeps its data) finds the same one, and printed nowhere.
   */
  private String keptSecret(String name, Function<byte[], String> encoding) {
    Path file = dataDir.resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String secret = encoding.apply(bytes);
      Path temp = Files.createTempFile(dataDir, name, ".tmp");
      Files.writeString(temp, secret + "\n");
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot keep the demo's " + name + " under " + dataDir + ": " + e.getMessage(), e);
    }
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

  public Balancer balancer() {
    return balancer;
  }

  public String balancerSecret() {
    return balancerSecret;
  }

  public String adminToken() {
    return adminToken;
  }

  /** What an operator needs to look at the running demo. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add("Kafka:            " + bootstrapServers);
    freeswitches.keySet().stream()
        .sorted()
        .forEach(
            node ->
                lines.add(
                    String.format(
                        "%-6s FreeSWITCH simulator %s, esl-gateway admin http://127.0.0.1:%d (/admin/sockets), management "
                            + "http://127.0.0.1:%d (/metrics, /health/ready)",
                        node,
                        freeswitches.get(node).eslUrl().replaceAll("//[^@]*@", "//"),
                        gateways.get(node).httpPort(),
                        gateways.get(node).managementPort())));
    bbbServers.keySet().stream()
        .sorted()
        .forEach(
            id ->
                lines.add(
                    String.format(
                        "%-6s BBB simulator %s (voice conferences on fs%s)",
                        id, bbbServers.get(id).apiUrl(), id.substring(3))));
    lines.add(
        "BBB API:          http://127.0.0.1:"
            + balancer.httpPort()
            + "/bigbluebutton/api (the balancer; secret in "
            + dataDir.resolve("balancer-secret")
            + ")");
    lines.add(
        "Balancer:         management http://127.0.0.1:"
            + balancer.managementPort()
            + " (/metrics, /health/ready)");
    lines.add(
        "Admin token:      "
            + (config.optional("ADMIN_TOKEN").filter(t -> !t.isBlank()).isPresent()
                ? "the ADMIN_TOKEN you set"
                : dataDir.resolve("admin-token").toString()));
    return lines;
  }

  @Override
  public void close() {
    started.close();
  }
}
