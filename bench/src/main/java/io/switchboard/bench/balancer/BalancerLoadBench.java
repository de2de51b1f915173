package io.switchboard.bench.balancer;

import io.switchboard.balancer.Balancer;
import io.switchboard.balancer.BalancerConfig;
import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.Config;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.bbb.BbbSimulatorConfig;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Load run of the balancer: an embedded Kafka, {@code --servers} simulated BBB servers answering
 * after {@code --server-delay-ms}, {@code --meetings} meetings created through the balancer, then
 *
 * <ul>
 *   <li>join throughput (closed loop) beside a bare Vert.x route that answers the same kind of
 *       redirect, measured in the same run on the same machine;
 *   <li>join latency at a fixed rate (open loop);
 *   <li>create latency at a fixed rate, each create a Kafka round trip plus a call to a server;
 *   <li>tenant mode: {@code --tenants} tenants (chosen by host name) each create {@code
 *       meetings/tenants} meetings with the same meetingIDs, then the same join load through the
 *       balancer's own secret (on its meetings) and through the tenants (on theirs) in {@code
 *       --slices} alternating slices of {@code --slice-seconds} each, so both see the same pool and
 *       the same load of the machine.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/bench.jar io.switchboard.bench.balancer.BalancerLoadBench [--servers 100]
 *     [--meetings 10000] [--seconds 10] [--join-rate 2000] [--create-rate 50] [--server-delay-ms 5]
 *     [--in-flight 64] [--tenants 50] [--slices 20] [--slice-seconds 1]
 * </pre>
 */
public final class BalancerLoadBench {
  private static final String SECRET = "bench-secret";
  private static final String TOKEN = "bench";
  private static final int JOIN_IN_FLIGHT = 128;

  private final Options o;
  private final LoadClient client;
  private final List<String[]> table = new ArrayList<>();
  private Balancer balancer;
  private int port;
  private int barePort;

  private BalancerLoadBench(Options o, LoadClient client) {
    this.o = o;
    this.client = client;
  }

  record Options(
      int servers,
      int meetings,
      double seconds,
      int joinRate,
      int createRate,
      int delayMs,
      int inFlight,
      int tenants,
      int slices,
      double sliceSeconds) {
    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --name value, got " + args[i]);
        }
        o.put(args[i].substring(2), args[i + 1]);
      }
      return new Options(
          Integer.parseInt(o.getOrDefault("servers", "100")),
          Integer.parseInt(o.getOrDefault("meetings", "10000")),
          Double.parseDouble(o.getOrDefault("seconds", "10")),
          Integer.parseInt(o.getOrDefault("join-rate", "2000")),
          Integer.parseInt(o.getOrDefault("create-rate", "50")),
          Integer.parseInt(o.getOrDefault("server-delay-ms", "5")),
          Integer.parseInt(o.getOrDefault("in-flight", "64")),
          Integer.parseInt(o.getOrDefault("tenants", "50")),
          Integer.parseInt(o.getOrDefault("slices", "20")),
          Double.parseDouble(o.getOrDefault("slice-seconds", "1")));
    }
  }

  /** One join load's figures: closed-loop throughput and latencies, open-loop latencies. */
  record JoinFigures(double throughput, Latencies closed, Latencies open) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(freePort()).start();
        LoadClient client = new LoadClient(256)) {
      Vertx simVertx = Vertx.vertx();
      Vertx bareVertx = Vertx.vertx();
      List<BbbServerSimulator> sims = startSimulators(simVertx, o);
      ServiceRuntime runtime = ServiceRuntime.create("balancer-service");
      BalancerLoadBench bench = new BalancerLoadBench(o, client);
      bench.balancer = await(Balancer.start(runtime, config(kafka)));
      bench.port = bench.balancer.httpPort();
      HttpServer bare =
          await(
              bareVertx
                  .createHttpServer()
                  .requestHandler(bareRouter(bareVertx, sims.get(0).apiUrl()))
                  .listen(0, "127.0.0.1"));
      bench.barePort = bare.actualPort();
      bench.addServers(sims);
      double bareRatio = bench.singleTenant();
      print("balancer load run", bench.table, o, bareRatio);
      if (o.tenants() > 0) {
        bench.tenantMode();
      }
      bench.balancer.close();
      runtime.close();
      await(simVertx.close());
      await(bareVertx.close());
    }
    System.exit(0);
  }

  private static BalancerConfig config(EmbeddedKafka kafka) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", "0");
    env.put("BALANCER_SECRET", SECRET);
    env.put("BALANCER_STATE_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("ADMIN_TOKEN", TOKEN);
    env.put("MANAGEMENT_PORT", "0");
    return BalancerConfig.from(Config.of(env));
  }

  private static List<BbbServerSimulator> startSimulators(Vertx vertx, Options o) throws Exception {
    List<BbbServerSimulator> sims = new ArrayList<>();
    for (int i = 0; i < o.servers(); i++) {
      BbbServerSimulator sim =
          new BbbServerSimulator(
              vertx,
              BbbSimulatorConfig.builder("sim-" + i)
                  .serverId("bbb-" + i)
                  .responseDelay(Duration.ofMillis(o.delayMs()))
                  .callLogCapacity(0)
                  .build());
      await(sim.start());
      sims.add(sim);
    }
    return sims;
  }

  /**
   * The run without tenants, as before issue 14: populate, joins beside the bare route, creates.
   *
   * @return join throughput over the bare route's
   */
  private double singleTenant() throws Exception {
    List<String> creates = new ArrayList<>();
    for (int i = 0; i < o.meetings(); i++) {
      creates.add(uri("create", "name=Bench+" + i + "&meetingID=bench-" + i, SECRET));
    }
    populate(creates, o.meetings());
    IntFunction<String> joins = singleJoins();
    JoinFigures single = joins(joins);
    await(client.closedLoop(barePort, joins, JOIN_IN_FLIGHT, 3, 302));
    Latencies bareMax = await(client.closedLoop(barePort, joins, JOIN_IN_FLIGHT, o.seconds(), 302));
    double bareThroughput = bareMax.count() / o.seconds();
    table.add(row("join, closed loop 128 in flight", single.closed(), single.throughput()));
    table.add(row("bare Vert.x route (302), same client", bareMax, bareThroughput));
    table.add(openRow("join", single.open()));

    List<String> fresh = new ArrayList<>();
    int createCount = (int) (o.createRate() * o.seconds());
    for (int i = 0; i < createCount; i++) {
      fresh.add(uri("create", "name=Fresh+" + i + "&meetingID=fresh-" + i, SECRET));
    }
    Latencies created = await(client.openLoop(port, fresh::get, o.createRate(), o.seconds(), 200));
    table.add(
        row(
            "create at " + o.createRate() + " req/s (open loop)",
            created,
            created.count() / o.seconds()));
    return single.throughput() / bareThroughput;
  }

  private IntFunction<String> singleJoins() {
    List<String> joins = new ArrayList<>();
    for (int i = 0; i < o.meetings(); i++) {
      joins.add(
          uri("join", "meetingID=bench-" + i + "&fullName=User+" + i + "&role=VIEWER", SECRET));
    }
    return n -> joins.get(n % joins.size());
  }

  /** Creates every meeting of {@code creates} and adds the populating row. */
  private void populate(List<String> creates, int expected) throws Exception {
    int before = balancer.state().meetings().size();
    long started = System.nanoTime();
    Latencies populate = await(client.each(port, creates, o.inFlight(), 200));
    double populateSeconds = (System.nanoTime() - started) / 1e9;
    int placed = balancer.state().meetings().size() - before;
    if (placed < expected) {
      throw new IllegalStateException("only " + placed + " meetings were placed");
    }
    table.add(
        row(
            "create, " + o.inFlight() + " in flight (populating " + expected + ")",
            populate,
            populate.count() / populateSeconds));
  }

  /** Closed loop (after 3 s of warm-up), then open loop at the join rate. */
  private JoinFigures joins(IntFunction<String> joins) throws Exception {
    await(client.closedLoop(port, joins, JOIN_IN_FLIGHT, 3, 302));
    Latencies closed = await(client.closedLoop(port, joins, JOIN_IN_FLIGHT, o.seconds(), 302));
    Latencies open = await(client.openLoop(port, joins, o.joinRate(), o.seconds(), 302));
    return new JoinFigures(closed.count() / o.seconds(), closed, open);
  }

  /**
   * {@code --tenants} tenants chosen by host name, each with its own secret, create {@code meetings
   * / tenants} meetings each (the same meetingIDs in every tenant); then the same join load through
   * the balancer's own secret and through the tenants, in alternating slices.
   */
  private void tenantMode() throws Exception {
    int perTenant = o.meetings() / o.tenants();
    table.clear();
    addTenants();
    List<String> creates = new ArrayList<>();
    List<String> tenantJoins = new ArrayList<>();
    for (int j = 0; j < perTenant; j++) {
      for (int t = 0; t < o.tenants(); t++) {
        creates.add(tenantUri(t, "create", "name=Room+" + j + "&meetingID=bench-" + j));
        tenantJoins.add(
            tenantUri(t, "join", "meetingID=bench-" + j + "&fullName=User+" + j + "&role=VIEWER"));
      }
    }
    populate(creates, perTenant * o.tenants());
    IntFunction<String> tenants = n -> tenantJoins.get(n % tenantJoins.size());
    IntFunction<String> single = singleJoins();
    await(client.closedLoop(port, single, JOIN_IN_FLIGHT, 3, 302));
    await(client.closedLoop(port, tenants, JOIN_IN_FLIGHT, 3, 302));
    Alternation closed = alternate(single, tenants, false);
    Alternation open = alternate(single, tenants, true);
    report(perTenant, closed, open);
  }

  /** The tenant mode's table and its ratios, tenants over one front end. */
  private void report(int perTenant, Alternation closed, Alternation open) {
    String slices = o.slices() + " x " + o.sliceSeconds() + " s";
    String many = "join, " + o.tenants() + " tenants";
    double seconds = o.slices() * o.sliceSeconds();
    table.add(
        row(
            "join, one front end, closed loop 128 (" + slices + ")",
            closed.single(),
            closed.single().count() / seconds));
    table.add(
        row(
            many + ", closed loop 128 (" + slices + ")",
            closed.tenants(),
            closed.tenants().count() / seconds));
    table.add(
        row(
            "join, one front end at " + o.joinRate() + " req/s (" + slices + ")",
            open.single(),
            open.single().count() / seconds));
    table.add(
        row(
            many + " at " + o.joinRate() + " req/s (" + slices + ")",
            open.tenants(),
            open.tenants().count() / seconds));
    print(
        "tenant mode: "
            + o.tenants()
            + " tenants x "
            + perTenant
            + " meetings beside the "
            + o.meetings()
            + " of the balancer's own secret",
        table,
        o,
        Double.NaN);
    System.out.printf(
        "%ntenants / one front end: join throughput %.0f %% (median of the slice pairs %.0f %%;"
            + " target >= 90 %%), p99 closed loop %.0f %%, p99 at %d req/s %.0f %% (target <= 110 %%)%n",
        100.0 * closed.tenants().count() / closed.single().count(),
        100 * closed.medianRatio(),
        100 * closed.tenants().millis(0.99) / closed.single().millis(0.99),
        o.joinRate(),
        100 * open.tenants().millis(0.99) / open.single().millis(0.99));
  }

  /**
   * Both kinds of joins measured in alternating slices (one front end, tenants, tenants, one front
   * end, ...), so that the machine's other load, which comes and goes over seconds, falls on both
   * alike; each kind's latencies pooled over its slices.
   */
  record Alternation(Latencies single, Latencies tenants, double medianRatio) {}

  private Alternation alternate(
      IntFunction<String> single, IntFunction<String> tenants, boolean open) throws Exception {
    Latencies singleAll = new Latencies();
    Latencies tenantAll = new Latencies();
    double[] ratios = new double[o.slices()];
    for (int p = 0; p < o.slices(); p++) {
      Latencies a = p % 2 == 0 ? slice(single, open) : null;
      Latencies b = slice(tenants, open);
      if (a == null) {
        a = slice(single, open);
      }
      singleAll.add(a);
      tenantAll.add(b);
      ratios[p] = (double) b.count() / Math.max(1, a.count());
    }
    java.util.Arrays.sort(ratios);
    return new Alternation(singleAll, tenantAll, ratios[ratios.length / 2]);
  }

  private Latencies slice(IntFunction<String> joins, boolean open) throws Exception {
    return open
        ? await(client.openLoop(port, joins, o.joinRate(), o.sliceSeconds(), 302))
        : await(client.closedLoop(port, joins, JOIN_IN_FLIGHT, o.sliceSeconds(), 302));
  }

  /** Tenants t00, t01, ... through the admin API, each with a secret of its own. */
  private void addTenants() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int t = 0; t < o.tenants(); t++) {
      JsonObject spec =
          new JsonObject()
              .put("secrets", new JsonArray().add(new JsonObject().put("secret", secret(t))));
      admin(http, "PUT", "/admin/tenants/" + tenant(t), spec.encode());
    }
  }

  private static String tenant(int t) {
    return String.format("t%02d", t);
  }

  private static String secret(int t) {
    return "bench-tenant-secret-" + tenant(t);
  }

  /** A tenant's call: its host name in the Host header, signed with its secret. */
  private static String tenantUri(int t, String call, String query) {
    return "//" + tenant(t) + ".bench.test" + uri(call, query, secret(t));
  }

  private static String uri(String call, String query, String secret) {
    return "/bigbluebutton/api/"
        + call
        + "?"
        + ApiChecksum.sign(ChecksumAlgorithm.SHA1, call, query, secret);
  }

  /**
   * A route that answers every request with a redirect of the size a join's is: the floor for a
   * 302.
   */
  private static Router bareRouter(Vertx vertx, String target) {
    Router router = Router.router(vertx);
    String location =
        target
            + "/join?fullName=User&meetingID=bench&role=VIEWER&checksum="
            + ChecksumAlgorithm.SHA256.hex("x");
    router
        .get("/bigbluebutton/api/join")
        .handler(ctx -> ctx.response().setStatusCode(302).putHeader("Location", location).end());
    return router;
  }

  /** Adds and enables every simulator, then waits until the balancer finds them all online. */
  private void addServers(List<BbbServerSimulator> sims) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (BbbServerSimulator sim : sims) {
      admin(
          http,
          "POST",
          "/admin/servers",
          new JsonObject()
              .put("id", sim.serverId())
              .put("url", sim.apiUrl())
              .put("secret", sim.config().secret())
              .encode());
      admin(http, "POST", "/admin/servers/" + sim.serverId() + "/enable", "");
    }
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (balancer.state().servers().stream().filter(s -> s.placeable()).count() < sims.size()) {
      if (System.nanoTime() > waitUntil) {
        throw new IllegalStateException("servers did not come online");
      }
      await(balancer.pollNow());
    }
  }

  private void admin(HttpClient http, String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": " + r.body());
    }
  }

  private String[] openRow(String what, Latencies l) {
    return row(what + " at " + o.joinRate() + " req/s (open loop)", l, l.count() / o.seconds());
  }

  private static String[] row(String what, Latencies l, double perSecond) {
    return new String[] {
      what,
      String.format("%,.0f", perSecond),
      String.format("%.2f", l.millis(0.5)),
      String.format("%.2f", l.millis(0.99)),
      String.format("%.2f", l.millis(1.0)),
      Integer.toString(l.errors())
    };
  }

  private static void print(String title, List<String[]> table, Options o, double bareRatio) {
    System.out.printf(
        "%n%s: %d simulated servers (answering after %d ms), %d meetings, %d cores%n%n",
        title, o.servers(), o.delayMs(), o.meetings(), Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "| %-56s | %10s | %8s | %8s | %8s | %6s |%n",
        "phase", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    System.out.printf(
        "|%s|%s|%s|%s|%s|%s|%n",
        "-".repeat(58),
        "-".repeat(12),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(8));
    for (String[] r : table) {
      System.out.printf("| %-56s | %10s | %8s | %8s | %8s | %6s |%n", (Object[]) r);
    }
    if (!Double.isNaN(bareRatio)) {
      System.out.printf("%njoin throughput / bare route throughput: %.0f%%%n", bareRatio * 100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
