package io.switchboard.bench.provisioning;

import io.switchboard.bench.registration.BenchNode;
import io.switchboard.provisioning.ProvisioningMain;
import io.switchboard.service.HealthProbe;
import io.switchboard.testkit.JavaMain;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13's load run: the provisioning service (its own JVM, {@code -Xmx512m}, started by its main
 * as an operator would) in front of two simulated FreeSWITCH nodes, each behind an in-process
 * esl-gateway, on an in-process Kafka broker. In one run:
 *
 * <ol>
 *   <li>10,000 users added in one batch: wall time of the call, reloadxml per node;
 *   <li>listing those 10,000 users (GET /api/users as the admin), latency percentiles;
 *   <li>the connector's way as the baseline: {@code --baseline} users added one per call, each a
 *       change of its own with its own reloadxml on every node (on top of the 10,000): cost per
 *       change;
 *   <li>90,000 more users in batches of 10,000 (100,000 and the baseline's in all), then the
 *       service's heap after a full GC ({@code jcmd GC.run}, then its own jvm_memory_used_bytes),
 *       and one listing of them all.
 * </ol>
 *
 * <p>{@code java -cp bench/target/bench.jar io.switchboard.bench.provisioning.ProvisioningLoadRun
 * [--batch 10000] [--total 100000] [--baseline 200] [--lists 300]}, from the repository root.
 */
public final class ProvisioningLoadRun {
  private static final String TOKEN = "bench-admin";
  private static final String CONTEXT = "bench";
  private static final int FIRST_NUMBER = 100_000;
  private static final int NODES = 2;
  private static final String HEAP = "-Xmx512m";
  private static final int WARM_UP_USERS = 1000;
  private static final Duration LIMIT = Duration.ofMinutes(30);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final int port;
  private final int managementPort;
  private int nextUser = FIRST_NUMBER;

  private ProvisioningLoadRun(int port, int managementPort) {
    this.port = port;
    this.managementPort = managementPort;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    int batch = Integer.parseInt(o.getOrDefault("batch", "10000"));
    int total = Integer.parseInt(o.getOrDefault("total", "100000"));
    int baseline = Integer.parseInt(o.getOrDefault("baseline", "200"));
    int lists = Integer.parseInt(o.getOrDefault("lists", "300"));
    Thread watchdog =
        new Thread(
            () -> {
              LockSupport.parkNanos(LIMIT.toNanos());
              System.err.println("provisioning load run: time limit reached, stopping");
              Runtime.getRuntime().halt(2);
            },
            "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      run(batch, total, baseline, lists);
    } catch (Throwable failed) {
      failed.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(int batch, int total, int baseline, int lists) throws Exception {
    Path dir = Files.createTempDirectory("provisioning-bench");
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    String sealKey = Base64.getEncoder().encodeToString(key);
    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(freePort()).dataDirectory(dir.resolve("kafka")).start()) {
      String bootstrap = kafka.bootstrapServers();
      List<BenchNode> nodes = new ArrayList<>();
      Process service = null;
      try {
        for (int i = 0; i < NODES; i++) {
          String id = "prov-node-" + i;
          nodes.add(
              BenchNode.start(
                  id,
                  bootstrap,
                  dir,
                  SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
                  Map.of("FS_FILE_FOLDERS", "directory,dialplan", "COMMAND_SEAL_KEY", sealKey)));
          installContext(dir.resolve(id).resolve("conf"));
        }
        ProvisioningLoadRun withNodes = new ProvisioningLoadRun(freePort(), freePort());
        List<String> ids = nodes.stream().map(BenchNode::id).toList();
        // Long enough for the gateways to take a whole batch: the run measures how long it takes.
        service =
            withNodes.startService(
                bootstrap,
                dir.resolve("service-a"),
                sealKey,
                ids,
                Map.of("PROVISIONING_COMMAND_TIMEOUT", "20m"));
        withNodes.onNodes(nodes, batch, baseline, lists);
        service.destroy();
        service.waitFor(20, TimeUnit.SECONDS);
        // The heap of 100,000 users, held by a service whose one node never answers (2 s each
        // command, then behind; no catch-up within the run): the gateways' pace is measured above.
        ProvisioningLoadRun held = new ProvisioningLoadRun(freePort(), freePort());
        service =
            held.startService(
                bootstrap,
                dir.resolve("service-b"),
                sealKey,
                List.of("absent-node"),
                Map.of("PROVISIONING_COMMAND_TIMEOUT", "2s", "PROVISIONING_SCAN_INTERVAL", "1h"));
        held.heldInHeap(service, batch, total);
      } finally {
        if (service != null) {
          service.destroy();
          service.waitFor(20, TimeUnit.SECONDS);
        }
        nodes.forEach(BenchNode::close);
      }
    }
  }

  /**
   * The node's installed configuration for the context: the domain and the dialplan context that
   * include its folders. FreeSWITCH's preprocessor reads a directive as a line of its own.
   */
  private static void installContext(Path conf) throws IOException {
    Files.createDirectories(conf.resolve("directory").resolve(CONTEXT));
    Files.createDirectories(conf.resolve("dialplan").resolve(CONTEXT));
    String include = "<X-PRE-PROCESS cmd=\"include\" data=\"" + CONTEXT + "/*.xml\"/>";
    Files.writeString(
        conf.resolve("directory").resolve(CONTEXT + ".xml"),
        String.join(
            "\n",
            "<include>",
            "<domain name=\"" + CONTEXT + "\">",
            "<groups>",
            "<group name=\"" + CONTEXT + "\">",
            "<users>",
            include,
            "</users>",
            "</group>",
            "</groups>",
            "</domain>",
            "</include>",
            ""));
    Files.writeString(
        conf.resolve("dialplan").resolve(CONTEXT + ".xml"),
        String.join(
            "\n",
            "<include>",
            "<context name=\"" + CONTEXT + "\">",
            include,
            "</context>",
            "</include>",
            ""));
  }

  private Process startService(
      String bootstrap, Path dir, String sealKey, List<String> nodes, Map<String, String> extra)
      throws Exception {
    Files.createDirectories(dir);
    ProcessBuilder builder =
        new ProcessBuilder(JavaMain.command(ProvisioningMain.class.getName(), List.of(HEAP)))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("provisioning-service.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("ADMIN_TOKEN", TOKEN);
    env.put("COMMAND_SEAL_KEY", sealKey);
    env.put("TOPIC_PARTITIONS", "3");
    env.put("PROVISIONING_CONF_DIR", dir.resolve("conf").toString());
    env.put("PROVISIONING_CONTEXTS", CONTEXT + ":" + FIRST_NUMBER + "-" + (FIRST_NUMBER + 199_999));
    env.put("PROVISIONING_API_CONTEXT", CONTEXT);
    env.put("PROVISIONING_NODES", String.join(",", nodes));
    env.putAll(extra);
    Process process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!ready()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the service did not start; see " + dir.resolve("provisioning-service.log"));
      }
      Thread.sleep(200);
    }
    return process;
  }

  /** Serving: the public port opens last, after the folder was applied and the bus followed. */
  private boolean ready() {
    return HealthProbe.answersOk(URI.create("http://127.0.0.1:" + port + "/api/openapi.yaml"));
  }

  private void onNodes(List<BenchNode> nodes, int batch, int baseline, int lists) throws Exception {
    System.out.printf(
        "provisioning load run: %d nodes, service %s, %d cores%n",
        NODES, HEAP, Runtime.getRuntime().availableProcessors());
    // Warm-up: the first change pays for class loading and the JIT, in every JVM of the run; two
    // chunks per node, so that the gateways' chunk path is compiled too.
    add(nodes, WARM_UP_USERS);

    Change one = add(nodes, batch);
    System.out.printf(
        "1. %,d users in one batch on %d nodes: %.2f s, reloadxml per node %s%n",
        batch, NODES, one.millis() / 1000.0, one.reloads());

    // The first listing after a change waits for the service's index of it; the rest do not.
    long firstStarted = System.nanoTime();
    list(1);
    System.out.printf(
        "2. the first listing after the batch: %.1f ms%n",
        (System.nanoTime() - firstStarted) / 1e6);
    double[] served = listUsersTimer();
    double[] listed = list(lists);
    double[] servedAfter = listUsersTimer();
    double[] own = listFromOwnProcess(lists);
    System.out.printf(
        "2. listing %,d users (GET /api/users, admin, %d calls) from this JVM: p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms, %,d bytes; in the service (request to response end): mean"
            + " %.1f ms, max %.1f ms; from a client JVM of its own (after %d calls to warm it up): p50 %.1f ms, p99 %.1f ms, max"
            + " %.1f ms; load average %s%n",
        nextUser - FIRST_NUMBER,
        lists,
        listed[0],
        listed[1],
        listed[2],
        (long) listed[3],
        (servedAfter[1] - served[1]) * 1000 / (servedAfter[0] - served[0]),
        servedAfter[2] * 1000,
        ListingClient.WARM_UP,
        own[0],
        own[1],
        own[2],
        loadAverage());

    int held = nextUser - FIRST_NUMBER;
    long started = System.nanoTime();
    int[] reloads = new int[nodes.size()];
    for (int i = 0; i < baseline; i++) {
      List<Integer> single = add(nodes, 1).reloads();
      for (int n = 0; n < reloads.length; n++) {
        reloads[n] += single.get(n);
      }
    }
    double perChange = (System.nanoTime() - started) / 1e6 / baseline;
    System.out.printf(
        "3. baseline, the connector's way: %,d users one per change (on top of %,d):"
            + " %.1f ms per change, reloadxml per node %s; %,d users so would take %.0f s%n",
        baseline, held, perChange, Arrays.toString(reloads), batch, perChange * batch / 1000.0);
  }

  private void heldInHeap(Process service, int batch, int total) throws Exception {
    List<String> batches = new ArrayList<>();
    while (nextUser - FIRST_NUMBER < total) {
      Change more = add(List.of(), Math.min(batch, total - (nextUser - FIRST_NUMBER)));
      batches.add(String.format("%.1f", more.millis() / 1000.0));
    }
    double[] all = list(5);
    long heap = heapAfterGc(service);
    System.out.printf(
        "4. %,d users held: heap after a full GC %.1f MiB (limit %s); listing them all p50 %.0f ms;"
            + " batches of %,d (node absent) took %s s%n",
        nextUser - FIRST_NUMBER, heap / 1048576.0, HEAP, all[0], batch, batches);
  }

  /** What one call of users/add did. */
  private record Change(double millis, int status, List<Integer> reloads) {}

  private Change add(List<BenchNode> nodes, int count) throws Exception {
    StringBuilder body = new StringBuilder(count * 96).append('[');
    for (int i = 0; i < count; i++) {
      int n = nextUser++;
      body.append(i == 0 ? "" : ",")
          .append("{\"name\":\"user")
          .append(n)
          .append("\",\"email\":\"user")
          .append(n)
          .append("@bench.example\",\"context\":\"")
          .append(CONTEXT)
          .append("\"}");
    }
    body.append(']');
    List<Long> before = nodes.stream().map(ProvisioningLoadRun::reloads).toList();
    long started = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            request("/api/users/add")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - started) / 1e6;
    if (response.statusCode() != 200 || !response.body().contains("\"failed\":[]")) {
      throw new IllegalStateException(
          "users/add answered "
              + response.statusCode()
              + ": "
              + response.body().substring(Math.max(0, response.body().length() - 800)));
    }
    List<Integer> reloads = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      reloads.add((int) (reloads(nodes.get(i)) - before.get(i)));
    }
    return new Change(millis, response.statusCode(), reloads);
  }

  private static long reloads(BenchNode node) {
    return node.fs().commandLog().stream().filter(c -> c.contains("reloadxml")).count();
  }

  /** {@code calls} listings by a client in this JVM: p50, p99, max (ms) and the answer's size. */
  private double[] list(int calls) throws Exception {
    return new ListingClient(usersUri(), TOKEN).list(calls);
  }

  /**
   * {@code calls} listings by a client in a JVM of its own, beside neither the broker nor the
   * nodes: p50, p99, max (ms) and the answer's size.
   */
  private double[] listFromOwnProcess(int calls) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                JavaMain.command(
                    ListingClient.class.getName(),
                    List.of("-Xmx256m"),
                    usersUri().toString(),
                    String.valueOf(calls)))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("ADMIN_TOKEN", TOKEN);
    Process client = builder.start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (client.waitFor() != 0) {
      throw new IllegalStateException("the listing client failed: " + out);
    }
    return Arrays.stream(out.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private URI usersUri() {
    return URI.create("http://127.0.0.1:" + port + "/api/users");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TOKEN);
  }

  private static final Pattern HEAP_USED =
      Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} (\\S+)$", Pattern.MULTILINE);

  /** A full GC in the service's JVM (jcmd), then the heap it reports in use. */
  private long heapAfterGc(Process service) throws Exception {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()),
                "GC.run")
            .redirectErrorStream(true)
            .start();
    String out = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (gc.waitFor() != 0) {
      throw new IllegalStateException("jcmd GC.run failed: " + out);
    }
    String metrics = metrics();
    Matcher m = HEAP_USED.matcher(metrics);
    double used = 0;
    while (m.find()) {
      used += Double.parseDouble(m.group(1));
    }
    return (long) used;
  }

  private static final Pattern LIST_TIMER =
      Pattern.compile(
          "^switchboard_provisioning_api_seconds_(count|sum|max)\\{[^}]*operation=\"listUsers\""
              + "[^}]*status=\"2xx\"[^}]*\\} (\\S+)$",
          Pattern.MULTILINE);

  /** The service's /metrics, as Prometheus reads them. */
  private String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The service's own timer of GET /api/users: count, sum and max (seconds). */
  private double[] listUsersTimer() throws Exception {
    String metrics = metrics();
    double[] timer = new double[3];
    Matcher m = LIST_TIMER.matcher(metrics);
    while (m.find()) {
      int at = List.of("count", "sum", "max").indexOf(m.group(1));
      timer[at] = Double.parseDouble(m.group(2));
    }
    return timer;
  }

  /** The machine's load while the run ran: two cores shared with whatever else runs. */
  private static String loadAverage() throws IOException {
    Path proc = Path.of("/proc/loadavg");
    return Files.exists(proc) ? Files.readString(proc).split(" ")[0] : "unknown";
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return o;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
