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

/**
 * Load run of the balancer: an embedded Kafka, {@code --servers} simulated BBB servers answering
 * after {@code --server-delay-ms}, {@code --meetings} meetings created through the balancer, then
 *
 * <ul>
 *   <li>join throughput (closed loop) beside a bare Vert.x route that answers the same kind of
 *       redirect, measured in the same run on the same machine;
 *   <li>join latency at a fixed rate (open loop);
 *   <li>create latency at a fixed rate, each create a Kafka round trip plus a call to a server.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/bench.jar io.switchboard.bench.balancer.BalancerLoadBench [--servers 100]
 *     [--meetings 10000] [--seconds 10] [--join-rate 2000] [--create-rate 50] [--server-delay-ms 5]
 * </pre>
 */
public final class BalancerLoadBench {
  private static final String SECRET = "bench-secret";

  private BalancerLoadBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int servers = Integer.parseInt(o.getOrDefault("servers", "100"));
    int meetings = Integer.parseInt(o.getOrDefault("meetings", "10000"));
    double seconds = Double.parseDouble(o.getOrDefault("seconds", "10"));
    int joinRate = Integer.parseInt(o.getOrDefault("join-rate", "2000"));
    int createRate = Integer.parseInt(o.getOrDefault("create-rate", "50"));
    int delayMs = Integer.parseInt(o.getOrDefault("server-delay-ms", "5"));
    int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "64"));

    List<String[]> table = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().port(freePort()).start();
        LoadClient client = new LoadClient(256)) {
      Vertx simVertx = Vertx.vertx();
      List<BbbServerSimulator> sims = new ArrayList<>();
      for (int i = 0; i < servers; i++) {
        BbbServerSimulator sim =
            new BbbServerSimulator(
                simVertx,
                BbbSimulatorConfig.builder("sim-" + i)
                    .serverId("bbb-" + i)
                    .responseDelay(Duration.ofMillis(delayMs))
                    .callLogCapacity(0)
                    .build());
        await(sim.start());
        sims.add(sim);
      }
      ServiceRuntime runtime = ServiceRuntime.create("balancer-service");
      Map<String, String> env = new HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.put("HTTP_HOST", "127.0.0.1");
      env.put("HTTP_PORT", "0");
      env.put("BALANCER_SECRET", SECRET);
      env.put("BALANCER_STATE_KEY", Base64.getEncoder().encodeToString(new byte[32]));
      env.put("ADMIN_TOKEN", "bench");
      env.put("MANAGEMENT_PORT", "0");
      Balancer balancer = await(Balancer.start(runtime, BalancerConfig.from(Config.of(env))));
      int port = balancer.httpPort();
      addServers(port, sims);
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (balancer.state().servers().stream().filter(s -> s.placeable()).count() < servers) {
        if (System.nanoTime() > waitUntil) {
          throw new IllegalStateException("servers did not come online");
        }
        await(balancer.pollNow());
      }

      List<String> creates = new ArrayList<>();
      for (int i = 0; i < meetings; i++) {
        creates.add(uri("create", "name=Bench+" + i + "&meetingID=bench-" + i));
      }
      long started = System.nanoTime();
      Latencies populate = await(client.each(port, creates, inFlight, 200));
      double populateSeconds = (System.nanoTime() - started) / 1e9;
      if (balancer.state().meetings().size() < meetings) {
        throw new IllegalStateException(
            "only " + balancer.state().meetings().size() + " meetings were placed");
      }
      table.add(
          row(
              "create, " + inFlight + " in flight (populating " + meetings + ")",
              populate,
              populate.count() / populateSeconds));

      List<String> joins = new ArrayList<>();
      for (int i = 0; i < meetings; i++) {
        joins.add(uri("join", "meetingID=bench-" + i + "&fullName=User+" + i + "&role=VIEWER"));
      }
      Vertx bareVertx = Vertx.vertx();
      HttpServer bare =
          await(
              bareVertx
                  .createHttpServer()
                  .requestHandler(bareRouter(bareVertx, sims.get(0).apiUrl()))
                  .listen(0, "127.0.0.1"));

      await(client.closedLoop(port, n -> joins.get(n % joins.size()), 128, 3, 302));
      Latencies joinMax =
          await(client.closedLoop(port, n -> joins.get(n % joins.size()), 128, seconds, 302));
      await(client.closedLoop(bare.actualPort(), n -> joins.get(n % joins.size()), 128, 3, 302));
      Latencies bareMax =
          await(
              client.closedLoop(
                  bare.actualPort(), n -> joins.get(n % joins.size()), 128, seconds, 302));
      double joinThroughput = joinMax.count() / seconds;
      double bareThroughput = bareMax.count() / seconds;
      table.add(row("join, closed loop 128 in flight", joinMax, joinThroughput));
      table.add(row("bare Vert.x route (302), same client", bareMax, bareThroughput));

      Latencies joinRated =
          await(client.openLoop(port, n -> joins.get(n % joins.size()), joinRate, seconds, 302));
      table.add(
          row(
              "join at " + joinRate + " req/s (open loop)",
              joinRated,
              joinRated.count() / seconds));

      List<String> fresh = new ArrayList<>();
      int createCount = (int) (createRate * seconds);
      for (int i = 0; i < createCount; i++) {
        fresh.add(uri("create", "name=Fresh+" + i + "&meetingID=fresh-" + i));
      }
      Latencies created = await(client.openLoop(port, fresh::get, createRate, seconds, 200));
      table.add(
          row(
              "create at " + createRate + " req/s (open loop)",
              created,
              created.count() / seconds));

      print(table, servers, meetings, delayMs, joinThroughput / bareThroughput);
      balancer.close();
      runtime.close();
      await(simVertx.close());
      await(bareVertx.close());
    }
    System.exit(0);
  }

  private static String uri(String call, String query) {
    return "/bigbluebutton/api/"
        + call
        + "?"
        + ApiChecksum.sign(ChecksumAlgorithm.SHA1, call, query, SECRET);
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

  private static void addServers(int port, List<BbbServerSimulator> sims) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (BbbServerSimulator sim : sims) {
      for (String[] call :
          new String[][] {
            {
              "/admin/servers",
              new JsonObject()
                  .put("id", sim.serverId())
                  .put("url", sim.apiUrl())
                  .put("secret", sim.config().secret())
                  .encode()
            },
            {"/admin/servers/" + sim.serverId() + "/enable", ""}
          }) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call[0]))
                    .header("Authorization", "Bearer bench")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call[1]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
          throw new IllegalStateException(call[0] + ": " + r.body());
        }
      }
    }
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

  private static void print(
      List<String[]> table, int servers, int meetings, int delayMs, double ratio) {
    System.out.printf(
        "%nbalancer load run: %d simulated servers (answering after %d ms), %d meetings, %d cores%n%n",
        servers, delayMs, meetings, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "| %-48s | %10s | %8s | %8s | %8s | %6s |%n",
        "phase", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    System.out.printf(
        "|%s|%s|%s|%s|%s|%s|%n",
        "-".repeat(50),
        "-".repeat(12),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(8));
    for (String[] r : table) {
      System.out.printf("| %-48s | %10s | %8s | %8s | %8s | %6s |%n", (Object[]) r);
    }
    System.out.printf("%njoin throughput / bare route throughput: %.0f%%%n", ratio * 100);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
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
