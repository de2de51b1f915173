package io.switchboard.provisioning.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.stream.Collectors;

/** Every failure of the API as JSON {@code {"error": ...}} naming what was wrong. */
final class ApiErrors {
  private ApiErrors() {}

  static void fail(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status);
    ctx.json(new JsonObject().put("error", message));
  }

  /** The failure handler of every route. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    // The router builder wraps a validation failure in a 400 HttpException.
    while (failure != null
        && !(failure instanceof ValidatorException)
        && failure.getCause() != null
        && failure.getCause() != failure) {
      failure = failure.getCause();
    }
    if (failure instanceof SchemaValidationException schema) {
      fail(ctx, 400, describe(schema));
    } else if (failure instanceof ValidatorException invalid) {
      fail(ctx, 400, invalid.getMessage());
    } else if (ctx.statusCode() == 413) {
      fail(ctx, 413, "the body exceeds the limit of the API (PROVISIONING_MAX_BODY)");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      fail(ctx, ctx.statusCode(), failure == null ? "request refused" : failure.getMessage());
    } else {
      fail(ctx, 500, "internal error: " + (failure == null ? "unknown" : failure.getMessage()));
    }
  }

  /** The JSON Schema errors, each with the location in the body it is about ("/0/name"). */
  private static String describe(SchemaValidationException e) {
    OutputUnit unit = e.getOutputUnit();
    List<OutputUnit> errors = unit == null ? null : unit.getErrors();
    // A parameter's message names the parameter ("The value of path parameter folder ...").
    if (errors == null || errors.isEmpty() || !e.getMessage().contains("request body")) {
      return e.getMessage();
    }
    return errors.stream()
        .filter(u -> u.getError() != null)
        .map(u -> "body" + u.getInstanceLocation() + ": " + u.getError())
        .distinct()
        .limit(10)
        .collect(Collectors.joining("; "));
  }
}
