package io.switchboard.provisioning.api;

import io.switchboard.provisioning.apply.ApplyOutcome;
import io.switchboard.provisioning.node.NodeAnswer;
import io.switchboard.provisioning.users.UserBatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a batch, in the connector's shape {@code {op, done, failed}}, each failure with its
 * reason. 200 when the change stands (some items may have failed); 409 or 404 when no item could be
 * done; 502 when a node refused the change, with each node's answer (FreeSWITCH's own text).
 */
final class BatchAnswer {
  private BatchAnswer() {}

  static void send(RoutingContext ctx, String op, UserBatch batch, ApplyOutcome outcome) {
    JsonObject answer = new JsonObject().put("op", op);
    JsonArray failed = new JsonArray();
    batch
        .failed()
        .forEach(f -> failed.add(new JsonObject().put("item", f.item()).put("error", f.error())));
    if (outcome != null && !outcome.applied()) {
      batch
          .done()
          .forEach(
              u ->
                  failed.add(
                      new JsonObject()
                          .put("item", UserJson.of(u, false))
                          .put("error", "refused by the nodes")));
      ctx.response().setStatusCode(502);
      ctx.json(
          answer
              .put("done", new JsonArray())
              .put("failed", failed)
              .put(
                  "error",
                  "a node refused the change; every node has its previous files back: "
                      + outcome.error())
              .put("nodes", nodes(outcome.answers()))
              .put("behind", new JsonArray(outcome.behind())));
      return;
    }
    JsonArray done = new JsonArray();
    batch.done().forEach(u -> done.add(UserJson.of(u, true)));
    answer.put("done", done).put("failed", failed);
    if (outcome != null) {
      answer.put("behind", new JsonArray(outcome.behind()));
    }
    if (done.isEmpty() && !failed.isEmpty()) {
      ctx.response()
          .setStatusCode(batch.failed().stream().anyMatch(UserBatch.Failure::conflict) ? 409 : 404);
    }
    ctx.json(answer);
  }

  private static JsonObject nodes(Map<String, NodeAnswer> answers) {
    JsonObject nodes = new JsonObject();
    answers.forEach(
        (node, a) ->
            nodes.put(
                node,
                new JsonObject()
                    .put("outcome", a.kind().name().toLowerCase(Locale.ROOT))
                    .put("detail", a.detail())));
    return nodes;
  }
}
