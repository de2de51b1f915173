package io.switchboard.provisioning.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.concurrent.TimeUnit;

/**
 * Times every API call by its contract operation and status class (2xx, 4xx, 5xx): the errors are
 * the 4xx and 5xx series.
 */
final class ApiMetrics implements Handler<RoutingContext> {
  private final MeterRegistry registry;
  private final OpenAPIContract contract;

  ApiMetrics(MeterRegistry registry, OpenAPIContract contract) {
    this.registry = registry;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    // Root handlers run before the operation's route: ask the contract which operation it is.
    Operation operation = contract.findOperation(ctx.request().path(), ctx.request().method());
    ctx.addEndHandler(
        done -> {
          Timer.builder("switchboard_provisioning_api_seconds")
              .description("REST API calls by operation and status class")
              .tag("operation", operation == null ? "unknown" : operation.getOperationId())
              .tag("status", ctx.response().getStatusCode() / 100 + "xx")
              .register(registry)
              .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
    ctx.next();
  }
}
