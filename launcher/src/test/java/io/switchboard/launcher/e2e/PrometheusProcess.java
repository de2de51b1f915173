package io.switchboard.launcher.e2e;

import io.switchboard.testkit.kamailio.Kamailio;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus as a child process on loopback, scraping every management port of the demo
 * each second: one job per service, and the gateways in job {@code esl-gateway} with a {@code node}
 * label per target, as deploy/prometheus/prometheus.yml labels them (their own metrics do not carry
 * the node).
 */
final class PrometheusProcess implements AutoCloseable {
  static final String GATEWAY_PREFIX = "esl-gateway-";

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** {@code targets}: job name (esl-gateway-<node> for a gateway) to its management port. */
  static PrometheusProcess start(Map<String, Integer> targets, Path dir) throws Exception {
    Path binary = Kamailio.installed("prometheus");
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(targets));
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
    prometheus.awaitReady();
    return prometheus;
  }

  private static String config(Map<String, Integer> targets) {
    StringBuilder yml =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                + "  - job_name: esl-gateway\n    static_configs:\n");
    targets.forEach(
        (job, port) -> {
          if (job.startsWith(GATEWAY_PREFIX)) {
            yml.append("      - targets: ['127.0.0.1:")
                .append(port)
                .append("']\n        labels: {node: ")
                .append(job.substring(GATEWAY_PREFIX.length()))
                .append("}\n");
          }
        });
    targets.forEach(
        (job, port) -> {
          if (!job.startsWith(GATEWAY_PREFIX)) {
            yml.append("  - job_name: ")
                .append(job)
                .append("\n    static_configs:\n      - targets: ['127.0.0.1:")
                .append(port)
                .append("']\n");
          }
        });
    return yml.toString();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(log));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("prometheus not ready: " + Files.readString(log));
  }

  /** An instant query's result: the samples of a vector, or one element for a scalar. */
  JsonArray query(String promql) throws Exception {
    HttpResponse<String> response =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonObject body = new JsonObject(response.body());
    if (!"success".equals(body.getString("status"))) {
      throw new IllegalArgumentException(promql + ": " + body.getString("error"));
    }
    JsonObject data = body.getJsonObject("data");
    Object result = data.getValue("result");
    return result instanceof JsonArray array ? array : new JsonArray(List.of(result));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
