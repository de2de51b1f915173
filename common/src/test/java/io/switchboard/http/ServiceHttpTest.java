package io.switchboard.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.service.HealthProbe;
import io.switchboard.service.ServiceRuntime;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The management endpoints and admin guard every service shares, over real HTTP. */
class ServiceHttpTest {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private ServiceRuntime runtime;

  private int start(Optional<String> adminToken, AtomicBoolean kafkaUp) throws Exception {
    runtime = ServiceRuntime.create("test");
    runtime.health().register("kafka", kafkaUp::get);
    runtime.registry().counter("switchboard.test.things").increment(3);
    Router router = runtime.router();
    router.route("/admin/*").handler(AdminTokenAuth.of(adminToken));
    router.get("/admin/ping").handler(ctx -> ctx.end("pong"));
    HttpServer server =
        runtime
            .listen(router, "127.0.0.1", 0)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsInPrometheusFormatIncludeOurOwnAndVertxMeters() throws Exception {
    int port = start(Optional.empty(), new AtomicBoolean(true));
    get(port, "/health/live", null);
    HttpResponse<String> metrics = get(port, "/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertTrue(
        metrics.body().contains("switchboard_test_things_total{service=\"test\"} 3.0"),
        metrics.body());
    assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
    assertTrue(
        metrics.body().contains("vertx_http_server_requests_total"), "Vert.x HTTP metrics missing");
  }

  @Test
  void twoRuntimesInOneJvmRecordTheirHttpMetersEachInItsOwnRegistry() throws Exception {
    int port = start(Optional.empty(), new AtomicBoolean(true));
    try (ServiceRuntime other = ServiceRuntime.create("other")) {
      int otherPort =
          other
              .listen(other.router(), "127.0.0.1", 0)
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .actualPort();
      get(otherPort, "/health/live", null);
      get(port, "/health/live", null);
      String mine = get(port, "/metrics", null).body();
      String theirs = get(otherPort, "/metrics", null).body();
      assertTrue(
          theirs.contains(
              "vertx_http_server_requests_total{code=\"200\",method=\"GET\",service=\"other\"}"),
          theirs);
      assertFalse(mine.contains("service=\"other\""), mine);
    }
  }

  @Test
  void readinessFollowsTheChecks() throws Exception {
    AtomicBoolean kafka = new AtomicBoolean(false);
    int port = start(Optional.empty(), kafka);
    assertEquals(200, get(port, "/health/live", null).statusCode());
    HttpResponse<String> down = get(port, "/health/ready", null);
    assertEquals(503, down.statusCode());
    assertTrue(down.body().contains("\"kafka\":\"DOWN\""), down.body());
    assertTrue(
        get(port, "/metrics", null)
            .body()
            .contains("switchboard_service_ready{service=\"test\"} 0.0"));
    URI probed =
        HealthProbe.target(Map.of("MANAGEMENT_HOST", "0.0.0.0", "MANAGEMENT_PORT", "" + port));
    assertEquals(1, HealthProbe.probe(probed));
    kafka.set(true);
    assertEquals(200, get(port, "/health/ready", null).statusCode());
    assertTrue(
        get(port, "/metrics", null)
            .body()
            .contains("switchboard_service_ready{service=\"test\"} 1.0"));
    assertEquals(0, HealthProbe.probe(probed));
  }

  @Test
  void theProbeAsksTheManagementPortOnLoopbackForAWildcardHost() {
    assertEquals(URI.create("http://127.0.0.1:9400/health/ready"), HealthProbe.target(Map.of()));
    assertEquals(
        URI.create("http://127.0.0.1:9481/health/ready"),
        HealthProbe.target(Map.of("MANAGEMENT_HOST", "0.0.0.0", "MANAGEMENT_PORT", "9481")));
    assertEquals(
        URI.create("http://[::1]:9400/health/ready"),
        HealthProbe.target(Map.of("MANAGEMENT_HOST", "::1")));
  }

  @Test
  void theProbeFailsWhenNothingAnswers() throws Exception {
    int free;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      free = s.getLocalPort();
    }
    assertEquals(1, HealthProbe.probe(URI.create("http://127.0.0.1:" + free + "/health/ready")));
  }

  @Test
  void adminRoutesNeedTheToken() throws Exception {
    int port = start(Optional.of("s3cret-token"), new AtomicBoolean(true));
    assertEquals(401, get(port, "/admin/ping", null).statusCode());
    HttpResponse<String> wrong = get(port, "/admin/ping", "guess");
    assertEquals(401, wrong.statusCode());
    assertFalse(wrong.body().contains("s3cret-token"));
    HttpResponse<String> ok = get(port, "/admin/ping", "s3cret-token");
    assertEquals(200, ok.statusCode());
    assertEquals("pong", ok.body());
  }

  @Test
  void adminApiIsClosedWithoutAToken() throws Exception {
    int port = start(Optional.empty(), new AtomicBoolean(true));
    HttpResponse<String> response = get(port, "/admin/ping", "anything");
    assertEquals(503, response.statusCode());
    assertTrue(response.body().contains("ADMIN_TOKEN"));
  }
}
