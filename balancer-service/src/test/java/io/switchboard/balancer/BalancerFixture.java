package io.switchboard.balancer;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.config.Config;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.bbb.BbbSimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BBB server simulators and balancer instances on the shared test broker, in a topic namespace of
 * their own so that tests do not see each other's pools.
 */
final class BalancerFixture implements AutoCloseable {
  static final String SECRET = "balancer-test-secret";
  static final String TOKEN = "test-admin-token";
  static final String STATE_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  final String bootstrap;
  final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);
  final Vertx simVertx = Vertx.vertx();
  final List<BbbServerSimulator> sims = new ArrayList<>();
  final List<Instance> instances = new ArrayList<>();
  private final Map<String, String> overrides;

  /**
   * HTTP/1.1, as BBB's nginx speaks it (the JDK client's default attempts an h2c upgrade), with
   * timeouts so that a test fails instead of waiting forever (one once hung on a large answer).
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** One running balancer. */
  record Instance(ServiceRuntime runtime, Balancer balancer) {
    String base() {
      return "http://127.0.0.1:" + balancer.httpPort();
    }

    String management() {
      return "http://127.0.0.1:" + balancer.managementPort();
    }
  }

  BalancerFixture(String bootstrap, Map<String, String> overrides) {
    this.bootstrap = bootstrap;
    this.overrides = overrides;
  }

  BalancerFixture(String bootstrap) {
    this(bootstrap, Map.of());
  }

  /**
   * A contract topic's name under this fixture's prefix (the balancer creates the ones it uses).
   */
  String topic(String name) {
    return namespace + "." + name;
  }

  Map<String, String> settings() {
    Map<String, String> map = new HashMap<>();
    map.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    map.put("HTTP_HOST", "127.0.0.1");
    map.put("HTTP_PORT", "0");
    map.put("BALANCER_SECRET", SECRET);
    map.put("BALANCER_STATE_KEY", STATE_KEY);
    map.put("ADMIN_TOKEN", TOKEN);
    map.put("TOPIC_PREFIX", namespace + ".");
    map.put("MANAGEMENT_PORT", "0");
    map.put("TOPIC_PARTITIONS", "3");
    map.put("BALANCER_POLL_INTERVAL", "200ms");
    map.put("BALANCER_POLL_TIMEOUT", "1s");
    map.put("BALANCER_REQUEST_TIMEOUT", "2s");
    map.putAll(overrides);
    return map;
  }

  Instance startInstance() {
    ServiceRuntime runtime = ServiceRuntime.create("balancer-service");
    BalancerConfig config = BalancerConfig.from(Config.of(settings()));
    try {
      Balancer balancer =
          Balancer.start(runtime, config)
              .toCompletionStage()
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      Instance instance = new Instance(runtime, balancer);
      instances.add(instance);
      return instance;
    } catch (Exception e) {
      runtime.close();
      throw new IllegalStateException("balancer did not start", e);
    }
  }

  void stopInstance(Instance instance) {
    instance.balancer().close();
    instance.runtime().close();
    instances.remove(instance);
  }

  Instance first() {
    return instances.get(0);
  }

  BbbServerSimulator startSimulator(String id) {
    BbbServerSimulator sim =
        new BbbServerSimulator(
            simVertx, BbbSimulatorConfig.builder("sim-secret-" + id).serverId(id).build());
    await(sim.start());
    sims.add(sim);
    return sim;
  }

  /**
   * Starts a simulator, adds it to the pool, enables it, and waits until the first instance sees it
   * online.
   */
  BbbServerSimulator addServer(String id) throws Exception {
    return addServer(id, null);
  }

  /** {@link #addServer(String)} with a server tag (null: untagged). */
  BbbServerSimulator addServer(String id, String tag) throws Exception {
    BbbServerSimulator sim = startSimulator(id);
    HttpResponse<String> added =
        admin(
            "POST",
            "/admin/servers",
            new JsonObject()
                .put("id", id)
                .put("url", sim.apiUrl())
                .put("secret", sim.config().secret())
                .put("tag", tag)
                .encode(),
            TOKEN);
    if (added.statusCode() != 201) {
      throw new AssertionError("add failed: " + added.body());
    }
    admin("POST", "/admin/servers/" + id + "/enable", null, TOKEN);
    for (Instance i : instances) {
      Await.until(
          () -> i.balancer().state().server(id).map(s -> s.placeable()).orElse(false),
          id + " placeable");
    }
    return sim;
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> admin(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(first().base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  /** A GET on the first instance's management port (metrics, health). */
  HttpResponse<String> management(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(first().management() + path)).GET());
  }

  /** A signed GET of a BBB call on an instance. */
  HttpResponse<String> call(Instance instance, String call, String query) throws Exception {
    return raw(instance, call, signed(ChecksumAlgorithm.SHA256, call, query, SECRET));
  }

  HttpResponse<String> call(String call, String query) throws Exception {
    return call(first(), call, query);
  }

  HttpResponse<String> raw(Instance instance, String call, String query) throws Exception {
    return send(
        HttpRequest.newBuilder(
                URI.create(instance.base() + "/bigbluebutton/api/" + call + "?" + query))
            .GET());
  }

  static String signed(ChecksumAlgorithm algorithm, String call, String query, String secret) {
    String checksum = algorithm.hex(call + query + secret);
    return query.isEmpty() ? "checksum=" + checksum : query + "&checksum=" + checksum;
  }

  /** The text of the first element with this name, or null. */
  static String xml(String body, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
    return m.find() ? m.group(1) : null;
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    new ArrayList<>(instances).forEach(this::stopInstance);
    sims.forEach(s -> await(s.stop()));
    await(simVertx.close());
  }
}
