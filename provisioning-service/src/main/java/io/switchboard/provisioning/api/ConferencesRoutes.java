package io.switchboard.provisioning.api;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.ConfigFolder;
import io.switchboard.provisioning.users.ConferenceBatch;
import io.switchboard.provisioning.users.FileIndex;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** The connector's conferences endpoints, on the service's context like {@link UsersRoutes}. */
final class ConferencesRoutes {
  private final Vertx vertx;
  private final Provisioner provisioner;
  private final ConfigFolder folder;
  private final Map<String, ContextRange> ranges;
  private final FileIndex<Conference> index;

  ConferencesRoutes(
      Vertx vertx,
      Provisioner provisioner,
      ConfigFolder folder,
      Map<String, ContextRange> ranges,
      FileIndex<Conference> index) {
    this.vertx = vertx;
    this.provisioner = provisioner;
    this.folder = folder;
    this.ranges = ranges;
    this.index = index;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listConferences").addHandler(this::list);
    builder.getRoute("conferencesByName").addHandler(this::byName);
    builder
        .getRoute("addConferences")
        .addHandler(ctx -> batch(ctx, "conferences/add", ConferenceBatch::add));
    builder
        .getRoute("modConferences")
        .addHandler(ctx -> batch(ctx, "conferences/mod", ConferenceBatch::mod));
    builder
        .getRoute("delConferences")
        .addHandler(ctx -> batch(ctx, "conferences/del", ConferenceBatch::del));
  }

  private static JsonObject json(Conference c) {
    return new JsonObject()
        .put("num", c.num())
        .put("name", c.name())
        .put("type", c.type())
        .put("context", c.context());
  }

  private void list(RoutingContext ctx) {
    vertx
        .executeBlocking(folder::conferenceProfiles, false)
        .compose(types -> index.ready().map(conferences -> Map.entry(types, conferences)))
        .onSuccess(
            listed -> {
              Set<String> types = listed.getKey();
              List<Conference> conferences = listed.getValue();
              Map<String, Integer> contexts = new TreeMap<>();
              JsonArray array = new JsonArray();
              for (Conference c : conferences) {
                contexts.merge(c.context(), 1, Integer::sum);
                array.add(json(c));
              }
              ctx.json(
                  new JsonObject()
                      .put("op", "conferences")
                      .put(
                          "info",
                          new JsonObject()
                              .put("total", conferences.size())
                              .put("contexts", new JsonObject(new TreeMap<>(contexts)))
                              .put("types", new JsonArray(new ArrayList<>(types))))
                      .put("conferences", array));
            })
        .onFailure(ctx::fail);
  }

  private void byName(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String name = request.getPathParameters().get("name").getString();
    index
        .ready()
        .onSuccess(
            conferences -> {
              JsonArray array = new JsonArray();
              conferences.stream()
                  .filter(c -> c.name().startsWith(name))
                  .forEach(c -> array.add(json(c)));
              ctx.json(
                  new JsonObject()
                      .put("op", "conferences/byname/" + name)
                      .put("conferences", array));
            })
        .onFailure(ctx::fail);
  }

  private void batch(
      RoutingContext ctx,
      String op,
      BiFunction<ConferenceBatch, List<JsonObject>, ConferenceBatch> operation) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    List<JsonObject> items = new ArrayList<>();
    request.getBody().getJsonArray().forEach(item -> items.add((JsonObject) item));
    vertx
        .executeBlocking(folder::conferenceProfiles, false)
        .compose(
            (Set<String> profiles) ->
                provisioner.change(
                    ApiAuth.caller(ctx),
                    op,
                    applied ->
                        operation.apply(
                            new ConferenceBatch(
                                folder.layout(), ranges, profiles, index.all(), applied),
                            items)))
        .onSuccess(
            changed ->
                BatchAnswer.send(
                    ctx,
                    op,
                    changed.plan().done().stream().map(ConferencesRoutes::json).toList(),
                    changed.plan().failed(),
                    changed.outcome()))
        .onFailure(ctx::fail);
  }
}
