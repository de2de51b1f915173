package io.switchboard.bench.registration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.switchboard.bus.Topics;
import io.switchboard.config.Config;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.registration.RegistrationConfig;
import io.switchboard.registration.RegistrationService;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import io.switchboard.testkit.kamailio.Kamailio;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Issue 12's load run: rooms created across 4 simulated nodes within one second, registered at a
 * real Kamailio (Debian's, deploy/kamailio/registrar.cfg on loopback), first by the registration
 * service (one file per room, rescans coalesced per node), then on fresh room numbers the
 * fsconfregger way (one file and one rescan per room, sent as each conference-create arrives). Both
 * are measured from the bus by the same observer: rescans on fs.commands, create -> file written OK
 * (fs.command-results), create -> REGED (sofia::gateway_state), and the bindings in Kamailio's
 * location table. Each way first registers and ends {@link Way#WARM_UP_ROUNDS} rounds of as many
 * rooms, unmeasured, as a warm-up.
 *
 * <p>{@code java [-Dregistration.bench.confRoot=DIR] -cp bench/target/bench.jar
 * io.switchboard.bench.registration.RegistrationLoadRun [rooms, default 1000] [sofia tick in ms,
 * default: FreeSWITCH's pace]}, from the repository root.
 */
public final class RegistrationLoadRun {
  private static final String SECRET = "bench-registrar-secret";

  /** COMMAND_SEAL_KEY of the service and the nodes' gateways: the service seals its files. */
  static final String SEAL_KEY =
      java.util.Base64.getEncoder()
          .encodeToString("bench-seal-key-bench-seal-key-32".getBytes(StandardCharsets.US_ASCII));

  private static final int NODES = 4;
  static final Duration PHASE_LIMIT = Duration.ofSeconds(180);

  /**
   * A diagnostic: the folder under which the nodes' FreeSWITCH configuration folders (where the
   * gateway files are created, synced and renamed) go instead of the run's temporary folder, e.g.
   * {@code -Dregistration.bench.confRoot=/dev/shm} to take this disk's cost of a new file out of
   * the measure.
   */
  private static final String CONF_ROOT = "registration.bench.confRoot";

  private RegistrationLoadRun() {}

  /** One way of registering, measured. Latencies in ms, sorted. */
  record Phase(
      int rooms,
      long createdInMillis,
      int rescans,
      long[] toRead,
      long[] toSent,
      long[] toFile,
      long[] toReged,
      int bindings,
      long allRegedMillis,
      String serviceFigures,
      long[] queued,
      long[] rescanRuns,
      long[] putRuns) {
    Phase withServiceFigures(String figures) {
      return new Phase(
          rooms,
          createdInMillis,
          rescans,
          toRead,
          toSent,
          toFile,
          toReged,
          bindings,
          allRegedMillis,
          figures,
          queued,
          rescanRuns,
          putRuns);
    }
  }

  public static void main(String[] args) throws Exception {
    int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    SimulatorOptions options = SimulatorOptions.defaults();
    if (args.length > 1) {
      options = options.withSofiaTick(Duration.ofMillis(Long.parseLong(args[1])));
    }
    // Bounded whatever hangs on the way out (a 1,000-gateway run has been seen to stall closing).
    Thread watchdog =
        new Thread(
            () -> {
              LockSupport.parkNanos(
                  PHASE_LIMIT.multipliedBy(2 * (2 * Way.WARM_UP_ROUNDS + 2)).toNanos());
              System.err.println("registration load run: time limit reached, stopping");
              Runtime.getRuntime().halt(2);
            },
            "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      run(rooms, options);
    } catch (Throwable failed) {
      failed.printStackTrace();
      System.exit(1);
    }
    // Clients' and simulators' leftover non-daemon threads must not keep the run alive.
    System.exit(0);
  }

  private static void run(int rooms, SimulatorOptions options) throws Exception {
    Path dir = Files.createTempDirectory("registration-bench");
    String confParent = System.getProperty(CONF_ROOT);
    Path confRoot =
        confParent == null
            ? dir
            : Files.createTempDirectory(Path.of(confParent), "registration-bench-conf");
    try (EmbeddedKafka kafka =
            EmbeddedKafka.builder().port(freePort()).dataDirectory(dir.resolve("kafka")).start();
        Kamailio kamailio = Kamailio.start("127.0.0.1", SECRET)) {
      String bootstrap = kafka.bootstrapServers();
      createTopics(bootstrap);
      List<BenchNode> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < NODES; i++) {
          nodes.add(BenchNode.start("bench-node-" + i, bootstrap, dir, confRoot, options));
        }
        run(bootstrap, kamailio, nodes, rooms);
      } finally {
        nodes.forEach(BenchNode::close);
      }
    }
  }

  private static void run(String bootstrap, Kamailio kamailio, List<BenchNode> nodes, int rooms)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    settings.put("HTTP_HOST", "127.0.0.1");
    settings.put("HTTP_PORT", "0");
    settings.put("MANAGEMENT_PORT", "0");
    settings.put("ADMIN_TOKEN", "bench");
    settings.put("TOPIC_PARTITIONS", "3");
    settings.put("REGISTRAR_PROXY", kamailio.address());
    settings.put("REGISTRAR_SECRET", SECRET);
    settings.put("COMMAND_SEAL_KEY", SEAL_KEY);
    RegistrationConfig config = RegistrationConfig.from(Config.of(settings));
    try (RegistrationObserver observer = new RegistrationObserver(bootstrap)) {
      Phase service = serviceWay(config, kamailio, nodes, observer, rooms);
      Phase baseline = fsconfreggerWay(bootstrap, config, kamailio, nodes, observer, rooms);
      print(service, baseline);
      System.out.flush();
    }
  }

  private static Phase serviceWay(
      RegistrationConfig config,
      Kamailio kamailio,
      List<BenchNode> nodes,
      RegistrationObserver observer,
      int rooms)
      throws Exception {
    ServiceRuntime runtime = ServiceRuntime.create("registration-service");
    RegistrationService service =
        RegistrationService.start(runtime, config)
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    try {
      awaitReady(service.managementPort());
      Way way = new Way("1", "registration-service", config.renderer(), kamailio, nodes, observer);
      way.warmUp(rooms);
      ServiceFigures before = new ServiceFigures(runtime.registry());
      Phase phase = way.measure("71", rooms);
      String figures = before.since();
      // The baseline starts on nodes as clean as these were: the service kills its gateways.
      way.end("71", rooms);
      return phase.withServiceFigures(figures);
    } finally {
      // Stopped before the baseline, so that it does not register the baseline's rooms too.
      service.close();
      runtime.close();
    }
  }

  private static Phase fsconfreggerWay(
      String bootstrap,
      RegistrationConfig config,
      Kamailio kamailio,
      List<BenchNode> nodes,
      RegistrationObserver observer,
      int rooms)
      throws Exception {
    try (FsconfreggerBaseline baseline =
        new FsconfreggerBaseline(bootstrap, config.renderer(), config.roomPattern())) {
      Way way = new Way("2", "fsconfregger", config.renderer(), kamailio, nodes, observer);
      way.warmUp(rooms);
      return way.measure("72", rooms);
    }
  }

  private static void print(Phase service, Phase baseline) {
    System.out.printf(
        "%n| | registration-service | fsconfregger way (baseline) |%n|---|---:|---:|%n");
    row("rooms created within 1 s on " + NODES + " nodes", service.rooms(), baseline.rooms());
    row(
        "rooms' creation asked for within ms",
        service.createdInMillis(),
        baseline.createdInMillis());
    row("rescans issued", service.rescans(), baseline.rescans());
    row(
        "create -> event read off the bus by a bare consumer p50 ms",
        pct(service.toRead(), 0.5),
        pct(baseline.toRead(), 0.5));
    row(
        "create -> event read off the bus by a bare consumer p99 ms",
        pct(service.toRead(), 0.99),
        pct(baseline.toRead(), 0.99));
    row(
        "create -> file sent (put issued) p50 ms",
        pct(service.toSent(), 0.5),
        pct(baseline.toSent(), 0.5));
    row(
        "create -> file sent (put issued) p99 ms",
        pct(service.toSent(), 0.99),
        pct(baseline.toSent(), 0.99));
    row("files written OK", service.toFile().length, baseline.toFile().length);
    row("create -> file written p50 ms", pct(service.toFile(), 0.5), pct(baseline.toFile(), 0.5));
    row("create -> file written p99 ms", pct(service.toFile(), 0.99), pct(baseline.toFile(), 0.99));
    row("create -> file written max ms", pct(service.toFile(), 1), pct(baseline.toFile(), 1));
    row("REGED (gateway_state)", service.toReged().length, baseline.toReged().length);
    row("create -> REGED p50 ms", pct(service.toReged(), 0.5), pct(baseline.toReged(), 0.5));
    row("create -> REGED p99 ms", pct(service.toReged(), 0.99), pct(baseline.toReged(), 0.99));
    row("create -> REGED max ms", pct(service.toReged(), 1), pct(baseline.toReged(), 1));
    row("bindings in Kamailio (ul.dump)", service.bindings(), baseline.bindings());
    row("all REGED after ms (-1: not all)", service.allRegedMillis(), baseline.allRegedMillis());
    row(
        "command queued at gateway p50 ms",
        pct(service.queued(), 0.5),
        pct(baseline.queued(), 0.5));
    row("command queued at gateway max ms", pct(service.queued(), 1), pct(baseline.queued(), 1));
    row("one rescan runs p50 ms", pct(service.rescanRuns(), 0.5), pct(baseline.rescanRuns(), 0.5));
    row("one rescan runs max ms", pct(service.rescanRuns(), 1), pct(baseline.rescanRuns(), 1));
    row("one put command runs p50 ms", pct(service.putRuns(), 0.5), pct(baseline.putRuns(), 0.5));
    row("one put command runs max ms", pct(service.putRuns(), 1), pct(baseline.putRuns(), 1));
    System.out.println();
    System.out.println(service.serviceFigures());
  }

  private static void row(String what, long service, long baseline) {
    System.out.printf("| %s | %,d | %,d |%n", what, service, baseline);
  }

  static long pct(long[] sorted, double q) {
    return RegistrationObserver.percentile(sorted, q);
  }

  /**
   * Ready means its followers hold their partitions: rooms created before would wait out the
   * broker's first group rebalance (group.initial.rebalance.delay.ms, 3 s), a start-up cost and not
   * what is measured here.
   */
  private static void awaitReady(int managementPort) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the registration service did not become ready");
      }
      Thread.sleep(100);
    }
  }

  /** The upper bound of the histogram bucket holding the 99th percentile, in ms. */
  /** The service's own metrics from when this was made on: the measured rooms only. */
  private static final class ServiceFigures {
    private final MeterRegistry registry;
    private final double rescans;
    private final double failed;
    private final double retries;
    private final HistogramSnapshot toFile;
    private final HistogramSnapshot toReged;

    ServiceFigures(MeterRegistry registry) {
      this.registry = registry;
      rescans = count("switchboard_registration_rescans_total");
      failed = count("switchboard_registration_commands_failed_total");
      retries = count("switchboard_registration_retries_total");
      toFile = timer("switchboard_registration_create_to_file_seconds").takeSnapshot();
      toReged = timer("switchboard_registration_create_to_reged_seconds").takeSnapshot();
    }

    private double count(String name) {
      return registry.get(name).counter().count();
    }

    private Timer timer(String name) {
      return registry.get(name).timer();
    }

    String since() {
      return String.format(
          "service's own metrics, for the measured rooms: rescans_total %.0f,"
              + " commands_failed_total %.0f, retries_total %.0f, create_to_file p99 <= %.0f ms,"
              + " create_to_reged p99 <= %.0f ms (histogram bucket bounds)",
          count("switchboard_registration_rescans_total") - rescans,
          count("switchboard_registration_commands_failed_total") - failed,
          count("switchboard_registration_retries_total") - retries,
          p99Bound(toFile, timer("switchboard_registration_create_to_file_seconds").takeSnapshot()),
          p99Bound(
              toReged, timer("switchboard_registration_create_to_reged_seconds").takeSnapshot()));
    }
  }

  /** The upper bound of the bucket holding the 99th percentile of what was recorded in between. */
  private static double p99Bound(HistogramSnapshot before, HistogramSnapshot after) {
    CountAtBucket[] was = before.histogramCounts();
    CountAtBucket[] now = after.histogramCounts();
    long count = after.count() - before.count();
    for (int i = 0; i < now.length; i++) {
      if (now[i].count() - was[i].count() >= 0.99 * count) {
        return now[i].bucket(TimeUnit.MILLISECONDS);
      }
    }
    return after.max(TimeUnit.MILLISECONDS);
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(KafkaSettings.of(bootstrap).clientProperties())) {
      List<NewTopic> topics =
          Topics.ALL.stream()
              .map(
                  t ->
                      new NewTopic(t.name(), 3, (short) 1)
                          .configs(t.compacted() ? Map.of("cleanup.policy", "compact") : Map.of()))
              .toList();
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
