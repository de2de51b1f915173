package io.switchboard.launcher;

import static io.switchboard.launcher.Futures.await;

import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.kafka.TopicAdmin;
import io.switchboard.service.Closer;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The all-in-one demo: a Kafka broker (embedded unless KAFKA_BOOTSTRAP_SERVERS names one), a SIP
 * registrar, simulated BBB nodes (a BBB server and its FreeSWITCH, with an esl-gateway each), and
 * the registration, provisioning and balancer services. Everything listens on loopback.
 */
public final class Demo implements AutoCloseable {
  /** The settings and their defaults (see DemoConfig). */
  public static final Map<String, String> DEFAULTS = DemoConfig.DEFAULTS;

  private final Closer started = new Closer("demo");
  private final DemoConfig config;
  private final DataFolder data;
  private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
  private final List<RunningService> services = new ArrayList<>();
  private String bootstrapServers;
  private String adminToken;
  private Registrar registrar;
  private Traffic traffic;

  private Demo(DemoConfig config, DataFolder data) {
    this.config = config;
    this.data = data;
  }

  /** Starts everything, or nothing: what started before a failure is closed again. */
  public static Demo start(Config settings) throws Exception {
    DemoConfig config = new DemoConfig(settings);
    Demo demo = new Demo(config, new DataFolder(config.dataDir()));
    try {
      demo.boot();
      return demo;
    } catch (Exception | Error e) {
      demo.close();
      throw e;
    }
  }

  private void boot() throws Exception {
    adminToken = config.adminToken().orElseGet(() -> data.hexSecret("admin-token"));
    bootstrapServers = config.kafka().orElseGet(this::embeddedKafka);
    Vertx vertx = Vertx.vertx();
    started.add(() -> await(vertx.close()));
    // Topics first, so that the services' producers and consumers don't race their creation.
    await(TopicAdmin.ensure(vertx, KafkaSettings.of(bootstrapServers), Topics.ALL, 6, (short) 1));
    registrar = started.add(startRegistrar());
    Map<String, String> common = commonSettings();
    for (int i = 0; i < config.nodes(); i++) {
      SimulatedNode node = started.add(SimulatedNode.start(vertx, config, data, common, i));
      nodes.put(node.id(), node);
    }
    ServiceStarter starter = new ServiceStarter(config, data, common, started);
    services.add(starter.registration(registrar));
    services.add(starter.provisioning(List.copyOf(nodes.keySet())));
    RunningService balancer = starter.balancer();
    services.add(balancer);
    BalancerPool pool = new BalancerPool(balancer.httpUrl(), adminToken);
    nodes.values().forEach(node -> pool.add(node.bbb()));
    if (config.traffic()) {
      startTraffic();
    }
  }

  private String embeddedKafka() {
    EmbeddedKafka kafka =
        EmbeddedKafka.builder()
            .port(config.port("DEMO_KAFKA_PORT", 0))
            .dataDirectory(data.resolve("kafka"))
            .start();
    started.add(kafka);
    return kafka.bootstrapServers();
  }

  /** Kamailio when installed (or asked for), else the testkit's registrar. */
  private Registrar startRegistrar() throws Exception {
    String secret = data.hexSecret("registrar-secret");
    int port = config.port("DEMO_SIP_PORT", 0);
    Optional<Path> kamailio =
        config.registrar().equals("builtin") ? Optional.empty() : KamailioRegistrar.installed();
    if (kamailio.isPresent()) {
      return KamailioRegistrar.start(kamailio.get(), port, secret, data.resolve("kamailio"));
    }
    if (config.registrar().equals("kamailio")) {
      throw new ConfigException(
          "DEMO_REGISTRAR=kamailio, but no kamailio binary was found (Debian: apt-get install"
              + " kamailio kamailio-autheph-modules) or no deploy/kamailio/registrar.cfg under the"
              + " working folder");
    }
    return BuiltInRegistrar.start(port, secret);
  }

  /** What every service and gateway of the demo shares. */
  private Map<String, String> commonSettings() {
    return Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
        "HTTP_HOST", "127.0.0.1",
        "MANAGEMENT_HOST", "127.0.0.1",
        "ADMIN_TOKEN", adminToken,
        "COMMAND_SEAL_KEY", data.base64Key("command-seal-key"),
        "SPOOL_MAX_BYTES", "64m",
        "SPOOL_SEGMENT_BYTES", "8m");
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return data.root();
  }

  /** The nodes by id (fs1, fs2, ...). */
  public Map<String, SimulatedNode> nodes() {
    return Map.copyOf(nodes);
  }

  /** The services, in start order: registration, provisioning, balancer. */
  public List<RunningService> services() {
    return List.copyOf(services);
  }

  public RunningService service(String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name));
  }

  public Registrar registrar() {
    return registrar;
  }

  public String balancerSecret() {
    return data.hexSecret("balancer-secret");
  }

  /** The secret of the balancer's tenant {@value ServiceStarter#TENANT}. */
  public String tenantSecret() {
    return data.hexSecret("tenant-" + ServiceStarter.TENANT + "-secret");
  }

  public String adminToken() {
    return adminToken;
  }

  boolean adminTokenGiven() {
    return config.adminToken().isPresent();
  }

  /** Every management port of the demo: each gateway's and each service's, by job name. */
  public Map<String, Integer> managementPorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    nodes.values().forEach(n -> ports.put("esl-gateway-" + n.id(), n.gateway().managementPort()));
    services.forEach(s -> ports.put(s.name(), s.managementPort()));
    return ports;
  }

  /** Starts {@code --traffic}'s work, unless it runs already. */
  public synchronized void startTraffic() {
    if (traffic == null) {
      traffic = started.add(Traffic.start(this));
    }
  }

  /** What an operator needs to look at the running demo. */
  public List<String> summary() {
    return new DemoSummary(this).lines();
  }

  @Override
  public void close() {
    started.close();
  }
}
