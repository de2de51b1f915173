package io.switchboard.provisioning.recording;

import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.recording.RecordingOutcome.Kind;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/recordings/start|pause|resume|stop/{conference}}: what a moderator's keys do,
 * over HTTP. The node is the one that runs the conference unless {@code node} names it; pause,
 * resume and stop act on the recording this service started unless {@code file} names one.
 */
public final class RecordingControlRoutes {
  private static final Map<Kind, Integer> STATUS =
      Map.of(
          Kind.DONE, 200,
          Kind.INVALID, 400,
          Kind.NOT_FOUND, 404,
          Kind.REFUSED, 409,
          Kind.FAILED, 502);

  private final RecordingControl control;

  public RecordingControlRoutes(RecordingControl control) {
    this.control = control;
  }

  public void mount(RouterBuilder builder) {
    for (RecordingAction action : RecordingAction.values()) {
      builder.getRoute(action.word() + "Recording").addHandler(ctx -> handle(ctx, action));
    }
  }

  private void handle(RoutingContext ctx, RecordingAction action) {
    String conference = ctx.pathParam("conference");
    Optional<String> node = Optional.ofNullable(ctx.queryParams().get("node"));
    Optional<String> file =
        action == RecordingAction.START
            ? Optional.empty()
            : Optional.ofNullable(ctx.queryParams().get("file"));
    control
        .control(node, conference, action, file, "API caller " + ApiAuth.caller(ctx))
        .onSuccess(
            outcome -> {
              JsonObject answer =
                  new JsonObject()
                      .put("op", "recordings/" + action.word() + "/" + conference)
                      .put("conference", conference)
                      .put("node", outcome.node())
                      .put("file", outcome.file())
                      .put(outcome.done() ? "reply" : "error", outcome.message());
              ctx.response().setStatusCode(STATUS.get(outcome.kind()));
              ctx.json(answer);
            })
        .onFailure(ctx::fail);
  }
}
