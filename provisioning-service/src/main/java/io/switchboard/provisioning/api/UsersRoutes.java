package io.switchboard.provisioning.api;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.auth.ApiAuth;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.provisioning.users.FileIndex;
import io.switchboard.provisioning.users.UserBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The connector's users endpoints. Handlers run on the service's context (the server was opened
 * there), the same as the single writer, so they read its state directly.
 */
final class UsersRoutes {
  private final Vertx vertx;
  private final Provisioner provisioner;
  private final FileIndex<DirectoryUser> index;
  private final Layout layout;
  private final Map<String, ContextRange> ranges;

  /**
   * The listing as sent, for the others (false) and for the admin (true), built on a worker while
   * the users stay the same: a listing of 10,000 users is 1.5 MB of JSON, read far more often than
   * changed.
   */
  private final Map<Boolean, Future<Buffer>> listed = new HashMap<>();

  private List<DirectoryUser> listedFrom;

  UsersRoutes(
      Vertx vertx,
      Provisioner provisioner,
      FileIndex<DirectoryUser> index,
      Layout layout,
      Map<String, ContextRange> ranges) {
    this.vertx = vertx;
    this.provisioner = provisioner;
    this.index = index;
    this.layout = layout;
    this.ranges = ranges;
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listUsers").addHandler(this::list);
    builder
        .getRoute("usersById")
        .addHandler(ctx -> find(ctx, "byid", "id", (u, s) -> u.id().startsWith(s)));
    builder
        .getRoute("usersByEmail")
        .addHandler(ctx -> find(ctx, "byemail", "email", (u, s) -> u.email().contains(s)));
    builder.getRoute("usersMatch").addHandler(this::match);
    builder.getRoute("addUsers").addHandler(ctx -> batch(ctx, "users/add", UserBatch::add));
    builder.getRoute("modUsers").addHandler(ctx -> batch(ctx, "users/mod", UserBatch::mod));
    builder.getRoute("delUsers").addHandler(ctx -> batch(ctx, "users/del", UserBatch::del));
    builder
        .getRoute("rebuildUsers")
        .addHandler(ctx -> change(ctx, "users/rebuild", List.of(), UserBatch::rebuild));
    builder.getRoute("reprovUsers").addHandler(this::reprov);
  }

  /** Every user's file given to every node again; done lists the users, failed the nodes. */
  private void reprov(RoutingContext ctx) {
    List<DirectoryUser> users = index.all();
    provisioner
        .resend(users.stream().map(u -> layout.userFile(u.context(), u.id())).toList())
        .onSuccess(
            answers -> {
              JsonArray done = new JsonArray();
              users.forEach(u -> done.add(UserJson.of(u, ApiAuth.isAdmin(ctx))));
              JsonArray failed = new JsonArray();
              answers.forEach(
                  (node, answer) -> {
                    if (!answer.ok()) {
                      failed.add(
                          new JsonObject()
                              .put("item", node)
                              .put("error", "node " + node + ": " + answer.detail()));
                    }
                  });
              if (!failed.isEmpty()) {
                ctx.response().setStatusCode(502);
              }
              ctx.json(
                  new JsonObject()
                      .put("op", "users/reprov")
                      .put("done", done)
                      .put("failed", failed)
                      .put("nodes", BatchAnswer.nodes(answers)));
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    boolean admin = ApiAuth.isAdmin(ctx);
    index
        .ready()
        .compose(users -> listed(users, admin))
        .onSuccess(
            listing -> ctx.response().putHeader("Content-Type", "application/json").end(listing))
        .onFailure(ctx::fail);
  }

  private Future<Buffer> listed(List<DirectoryUser> users, boolean admin) {
    if (users != listedFrom) {
      listedFrom = users;
      listed.clear();
    }
    return listed.computeIfAbsent(
        admin, a -> vertx.executeBlocking(() -> listing(users, a).toBuffer(), false));
  }

  private static JsonObject listing(List<DirectoryUser> users, boolean admin) {
    Map<String, Integer> contexts = new TreeMap<>();
    JsonArray array = new JsonArray(new ArrayList<>(users.size()));
    for (DirectoryUser user : users) {
      contexts.merge(user.context(), 1, Integer::sum);
      array.add(UserJson.of(user, admin));
    }
    return new JsonObject()
        .put("op", "users")
        .put(
            "info",
            new JsonObject()
                .put("total", users.size())
                .put("contexts", new JsonObject(new TreeMap<>(contexts))))
        .put("users", array);
  }

  private static String pathParameter(RoutingContext ctx, String name) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    return request.getPathParameters().get(name).getString();
  }

  private void find(
      RoutingContext ctx,
      String op,
      String parameter,
      BiFunction<DirectoryUser, String, Boolean> test) {
    String text = pathParameter(ctx, parameter);
    answer(
        ctx,
        users ->
            new JsonObject()
                .put("op", "users/" + op + "/" + text)
                .put("users", matching(ctx, users, u -> test.apply(u, text))));
  }

  private void match(RoutingContext ctx) {
    String text = pathParameter(ctx, "text");
    answer(
        ctx,
        users ->
            new JsonObject()
                .put("op", "users/match/" + text)
                .put("namematches", matching(ctx, users, u -> u.name().contains(text)))
                .put("emailmatches", matching(ctx, users, u -> u.email().contains(text))));
  }

  /** Answers from the users once the index is prepared (never parsing on the event loop). */
  private void answer(RoutingContext ctx, Function<List<DirectoryUser>, JsonObject> answer) {
    index.ready().onSuccess(users -> ctx.json(answer.apply(users))).onFailure(ctx::fail);
  }

  private static JsonArray matching(
      RoutingContext ctx, List<DirectoryUser> users, Predicate<DirectoryUser> test) {
    JsonArray array = new JsonArray();
    users.stream().filter(test).forEach(u -> array.add(UserJson.of(u, ApiAuth.isAdmin(ctx))));
    return array;
  }

  private void batch(
      RoutingContext ctx, String op, BiFunction<UserBatch, List<JsonObject>, UserBatch> operation) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    List<JsonObject> items = new ArrayList<>();
    request.getBody().getJsonArray().forEach(item -> items.add((JsonObject) item));
    change(ctx, op, items, operation);
  }

  private void change(
      RoutingContext ctx,
      String op,
      List<JsonObject> items,
      BiFunction<UserBatch, List<JsonObject>, UserBatch> operation) {
    provisioner
        .change(
            ApiAuth.caller(ctx),
            op,
            applied -> {
              UserBatch batch =
                  operation.apply(new UserBatch(layout, ranges, index.all(), applied), items);
              batch.describeTo(index);
              return batch;
            })
        .onSuccess(
            changed ->
                BatchAnswer.send(
                    ctx,
                    op,
                    changed.plan().done().stream()
                        .map(u -> UserJson.of(u, ApiAuth.isAdmin(ctx)))
                        .toList(),
                    changed.plan().failed(),
                    changed.outcome()))
        .onFailure(ctx::fail);
  }
}
