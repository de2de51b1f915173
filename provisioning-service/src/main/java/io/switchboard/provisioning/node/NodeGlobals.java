package io.switchboard.provisioning.node;

import io.switchboard.bus.CommandResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeSWITCH's global variables of each node for {@code /api/info}, as the connector showed them,
 * asked one by one with {@code global_getvar <name>}: the gateways refuse a bare {@code
 * global_getvar} (it prints every global, secrets included; docs/operations.md "Command
 * allowlist"), so only the names below are shown, none of them a secret.
 */
public final class NodeGlobals {
  /** Globals FreeSWITCH sets itself at start (switch_core.c, switch_core_init). */
  public static final List<String> NAMES =
      List.of("hostname", "local_ip_v4", "local_ip_v6", "domain", "switch_serial");

  private final NodeCommands commands;
  private final List<String> nodes;

  public NodeGlobals(NodeCommands commands, List<String> nodes) {
    this.commands = commands;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Each node's globals by name (an unset one is left out, as FreeSWITCH answers it with nothing);
   * a node that does not answer gets {@code {"error": ...}} instead. Never fails.
   */
  public Future<JsonObject> ask() {
    List<Future<JsonObject>> all = new ArrayList<>();
    for (String node : nodes) {
      all.add(ofNode(node));
    }
    return Future.join(all)
        .transform(
            ignored -> {
              JsonObject byNode = new JsonObject();
              for (int i = 0; i < nodes.size(); i++) {
                byNode.put(nodes.get(i), all.get(i).result());
              }
              return Future.succeededFuture(byNode);
            });
  }

  private Future<JsonObject> ofNode(String node) {
    List<Future<CommandResult>> asks = new ArrayList<>();
    for (String name : NAMES) {
      asks.add(commands.api(node, "global_getvar " + name));
    }
    return Future.join(asks)
        .transform(
            ignored -> {
              JsonObject globals = new JsonObject();
              for (int i = 0; i < NAMES.size(); i++) {
                Future<CommandResult> ask = asks.get(i);
                if (ask.failed() || ask.result().status() != CommandResult.Status.OK) {
                  String why =
                      ask.failed()
                          ? ask.cause().getMessage()
                          : ask.result().status().wire() + ": " + ask.result().error();
                  return Future.succeededFuture(new JsonObject().put("error", why));
                }
                String value = ask.result().reply() == null ? "" : ask.result().reply().strip();
                if (!value.isEmpty()) {
                  globals.put(NAMES.get(i), value);
                }
              }
              return Future.succeededFuture(globals);
            });
  }
}
