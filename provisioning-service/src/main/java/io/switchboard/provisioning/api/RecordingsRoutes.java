package io.switchboard.provisioning.api;

import io.switchboard.provisioning.folder.Recordings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;

/** The connector's recordings endpoints; the folder is read on a worker. */
final class RecordingsRoutes {
  private final Vertx vertx;
  private final Recordings recordings;

  RecordingsRoutes(Vertx vertx, Recordings recordings) {
    this.vertx = vertx;
    this.recordings = recordings;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listRecordings").addHandler(ctx -> list(ctx, "api/recordings", ""));
    builder
        .getRoute("findRecordings")
        .addHandler(
            ctx -> {
              String text = parameter(ctx, "text");
              list(ctx, "api/recordings/find/" + text, text);
            });
    builder.getRoute("downloadRecording").addHandler(this::download);
    builder.getRoute("delRecordings").addHandler(this::delete);
  }

  private static String parameter(RoutingContext ctx, String name) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    return request.getPathParameters().get(name).getString();
  }

  private void list(RoutingContext ctx, String op, String containing) {
    vertx
        .executeBlocking(recordings::names, false)
        .onSuccess(
            names ->
                ctx.json(
                    new JsonObject()
                        .put("op", op)
                        .put(
                            "files",
                            new JsonArray(
                                names.stream().filter(n -> n.contains(containing)).toList()))))
        .onFailure(ctx::fail);
  }

  private void download(RoutingContext ctx) {
    String name = parameter(ctx, "file");
    vertx
        .executeBlocking(() -> recordings.find(name), false)
        .onSuccess(
            file -> {
              if (file.isEmpty()) {
                ApiErrors.fail(ctx, 404, "file: no recording '" + name + "'");
              } else {
                ctx.response()
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                    .sendFile(file.get().toString());
              }
            })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    List<String> names = new ArrayList<>();
    request
        .getBody()
        .getJsonArray()
        .forEach(item -> names.add(((JsonObject) item).getString("file")));
    vertx
        .executeBlocking(
            () -> {
              JsonArray done = new JsonArray();
              JsonArray failed = new JsonArray();
              for (String name : names) {
                if (recordings.delete(name)) {
                  done.add(name);
                } else {
                  failed.add(
                      new JsonObject()
                          .put("item", name)
                          .put("error", "file: no recording '" + name + "'"));
                }
              }
              return new JsonObject()
                  .put("op", "api/recordings/del")
                  .put("done", done)
                  .put("failed", failed);
            },
            false)
        .onSuccess(
            answer -> {
              if (answer.getJsonArray("done").isEmpty()) {
                ctx.response().setStatusCode(404);
              }
              ctx.json(answer);
            })
        .onFailure(ctx::fail);
  }
}
