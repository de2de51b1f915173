package io.switchboard.provisioning.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import java.util.concurrent.TimeUnit;

/**
 * Times every API call by its contract operation and status class (2xx, 4xx, 5xx): the errors are
 * the 4xx and 5xx series. A call that matched no operation counts as "none".
 */
final class ApiMetrics implements Handler<RoutingContext> {
  private final MeterRegistry registry;

  ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Operation operation = ctx.get(RouterBuilder.KEY_META_DATA_OPERATION);
          Timer.builder("switchboard_provisioning_api_seconds")
              .description("REST API calls by operation and status class")
              .tag("operation", operation == null ? "none" : operation.getOperationId())
              .tag("status", ctx.response().getStatusCode() / 100 + "xx")
              .register(registry)
              .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
    ctx.next();
  }
}
