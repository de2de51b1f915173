package io.switchboard.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;

/** Mounts {@code /metrics} (Prometheus text), {@code /health/live} and {@code /health/ready}. */
public final class ManagementRoutes {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private ManagementRoutes() {}

  public static Router mount(Router router, PrometheusMeterRegistry registry, HealthChecks health) {
    // Scraping walks every meter: keep it off the event loop.
    router
        .get("/metrics")
        .blockingHandler(
            ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(registry.scrape()),
            false);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router
        .get("/health/ready")
        .handler(
            ctx -> {
              Map<String, Boolean> checks = health.evaluate();
              boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
              JsonObject detail = new JsonObject();
              checks.forEach((name, ok) -> detail.put(name, ok ? "UP" : "DOWN"));
              ctx.response().setStatusCode(ready ? 200 : 503);
              ctx.json(new JsonObject().put("status", ready ? "UP" : "DOWN").put("checks", detail));
            });
    return router;
  }
}
