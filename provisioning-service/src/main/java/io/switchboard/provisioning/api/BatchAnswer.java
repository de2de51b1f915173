package io.switchboard.provisioning.api;

import io.switchboard.provisioning.apply.ApplyOutcome;
import io.switchboard.provisioning.node.NodeAnswer;
import io.switchboard.provisioning.users.ItemFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to a batch, in the connector's shape {@code {op, done, failed}}, each failure with its
 * reason. 200 when the change stands (some items may have failed); 409 or 404 when no item could be
 * done; 502 when a node refused the change, with each node's answer (FreeSWITCH's own text).
 */
final class BatchAnswer {
  private BatchAnswer() {}

  /**
   * @param done what the batch did, as JSON
   * @param failures the items it could not do
   * @param outcome how the nodes took the change; null when the batch changed nothing
   */
  static void send(
      RoutingContext ctx,
      String op,
      List<JsonObject> done,
      List<ItemFailure> failures,
      ApplyOutcome outcome) {
    JsonObject answer = new JsonObject().put("op", op);
    JsonArray failed = new JsonArray();
    failures.forEach(
        f -> failed.add(new JsonObject().put("item", f.item()).put("error", f.error())));
    if (outcome != null && !outcome.applied()) {
      done.forEach(
          d -> failed.add(new JsonObject().put("item", d).put("error", "refused by the nodes")));
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
    answer.put("done", new JsonArray(done)).put("failed", failed);
    if (outcome != null) {
      answer.put("behind", new JsonArray(outcome.behind()));
    }
    if (done.isEmpty() && !failures.isEmpty()) {
      ctx.response().setStatusCode(failures.stream().anyMatch(ItemFailure::conflict) ? 409 : 404);
    }
    ctx.json(answer);
  }

  static JsonObject nodes(Map<String, NodeAnswer> answers) {
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
