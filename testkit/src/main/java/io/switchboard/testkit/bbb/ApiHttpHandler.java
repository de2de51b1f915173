package io.switchboard.testkit.bbb;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns an HTTP request under /bigbluebutton/api into an {@link ApiRequest}, records it, and
 * answers it, or misbehaves as the current {@link BbbFault} says. Runs on the event loop; every
 * call it makes is in-memory work.
 */
final class ApiHttpHandler implements Handler<RoutingContext> {
  private static final String API_PATH = "/bigbluebutton/api";
  private static final String GARBAGE =
      "\u0000\u00ff<<<not xml>>> bbb-sim garbage {\"returncode\":";
  private static final String ERROR_PAGE =
      "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n"
          + "<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n"
          + "</body>\r\n</html>\r\n";

  private final Vertx vertx;
  private final ApiDispatcher dispatcher;
  private final CallLog calls;
  private final Supplier<BbbFault> fault;
  private final long responseDelayMillis;
  private final Supplier<Long> slowDelayMillis;

  ApiHttpHandler(
      Vertx vertx,
      ApiDispatcher dispatcher,
      CallLog calls,
      Supplier<BbbFault> fault,
      long responseDelayMillis,
      Supplier<Long> slowDelayMillis) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.calls = calls;
    this.fault = fault;
    this.responseDelayMillis = responseDelayMillis;
    this.slowDelayMillis = slowDelayMillis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest http = ctx.request();
    String path = http.path();
    String call =
        path.length() <= API_PATH.length() + 1 ? "" : path.substring(API_PATH.length() + 1);
    ApiRequest request = parse(ctx, call);
    calls.add(
        new BbbReceivedCall(
            call,
            request.method(),
            request.rawQuery(),
            ApiRequest.immutableCopy(request.params()),
            Instant.now(),
            request.bodyPresent() ? ctx.body().asString() : null));
    BbbFault current = fault.get();
    ApiResponse response =
        switch (current) {
          case HANG -> null;
          case GARBAGE -> ApiResponse.plain(200, ApiResponse.XML, GARBAGE);
          case HTTP_ERROR -> ApiResponse.plain(500, "text/html", ERROR_PAGE);
          default -> dispatcher.dispatch(request);
        };
    if (response == null) {
      return; // HANG: the client waits until it gives up or the server closes
    }
    long delay = responseDelayMillis + (current == BbbFault.SLOW ? slowDelayMillis.get() : 0);
    if (delay > 0) {
      vertx.setTimer(delay, timer -> send(ctx.response(), response));
    } else {
      send(ctx.response(), response);
    }
  }

  private static ApiRequest parse(RoutingContext ctx, String call) {
    HttpServerRequest http = ctx.request();
    String rawQuery = http.query() == null ? "" : http.query();
    Map<String, List<String>> params = ApiRequest.parseQuery(rawQuery);
    String contentType = mediaType(http.getHeader("Content-Type"));
    boolean bodyPresent = ctx.body() != null && ctx.body().length() > 0;
    if (bodyPresent
        && ("application/x-www-form-urlencoded".equals(contentType)
            || "multipart/form-data".equals(contentType))) {
      MultiMap form = http.formAttributes();
      form.forEach(
          entry ->
              params.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
    }
    return new ApiRequest(call, http.method().name(), rawQuery, params, contentType, bodyPresent);
  }

  private static String mediaType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static void send(HttpServerResponse response, ApiResponse answer) {
    if (response.closed() || response.ended()) {
      return;
    }
    response.setStatusCode(answer.status());
    if (answer.contentType() != null) {
      response.putHeader("Content-Type", answer.contentType());
      response.putHeader("Cache-Control", "no-cache");
    }
    if (answer.location() != null) {
      response.putHeader("Location", answer.location());
    }
    response.end(answer.body());
  }
}
