package io.switchboard.registration.node;

import io.switchboard.bus.CommandResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One node's gateway work, done in flushes: rooms created within the window cost one {@code sofia
 * profile <p> rescan}, not one each. A flush kills the gateways of ended rooms first ({@code
 * killgw} and the file's deletion), then writes the new gateways' files, then rescans each profile
 * that got files. Flushes never overlap, so a room destroyed and created again has its old gateway
 * killed before its new file is written under the same name; FreeSWITCH then adds the new gateway
 * before the old one's DOWN and gateway_delete arrive (sofia.c:3784), which {@link
 * #oldGatewayEvent} tells apart.
 *
 * <p>Work that fails (a refused command, or no result because the node's gateway or Kafka is down)
 * is kept and retried with a doubling delay, so a node whose gateway returns gets it. Runs on the
 * service's context.
 */
public final class NodeLane {
  /** What the lane asks of, and tells, the registrations. */
  public interface Owner {
    /** Whether this gateway generation is still wanted (the room neither ended nor moved). */
    boolean stillWanted(NodeWork work);

    void failed(NodeWork work, String error);
  }

  /** A gateway whose file was sent: where it lives, to kill and delete it later. */
  private record Placed(String profile, String path) {}

  /** Retry delays and the coalescing window. */
  public record Pace(Duration window, Duration retryMin, Duration retryMax) {}

  private final String node;
  private final Vertx vertx;
  private final CommandChannel commands;
  private final LaneMetrics metrics;
  private final Pace pace;
  private final LongSupplier clock;
  private final Owner owner;
  private final Map<String, NodeWork> wanted = new LinkedHashMap<>();
  private final Map<String, Placed> doomed = new LinkedHashMap<>();
  private final Map<String, Placed> placed = new HashMap<>();
  private final Map<String, Integer> unscanned = new LinkedHashMap<>();
  private final Map<String, Integer> killsInFlight = new HashMap<>();
  private boolean flushing;
  private long timer = -1;
  private Duration backoff = Duration.ZERO;

  public NodeLane(
      String node,
      Vertx vertx,
      CommandChannel commands,
      LaneMetrics metrics,
      Pace pace,
      LongSupplier clock,
      Owner owner) {
    this.node = node;
    this.vertx = vertx;
    this.commands = commands;
    this.metrics = metrics;
    this.pace = pace;
    this.clock = clock;
    this.owner = owner;
  }

  /** The node should have this gateway. */
  public void want(NodeWork work) {
    wanted.put(work.gateway().name(), work);
    schedule(pace.window());
  }

  /**
   * The room keeps its gateway with fresh credentials ({@code work}): FreeSWITCH's rescan never
   * changes a gateway it has ("Ignoring duplicate gateway", sofia.c parse_gateways), so the one
   * placed is killed and the new file written and rescanned in the same flush, as for a room ended
   * and created again at once.
   */
  public void renew(NodeWork work) {
    String name = work.gateway().name();
    Placed was = placed.remove(name);
    if (was != null) {
      doomed.put(name, was);
    }
    wanted.put(name, work);
    schedule(pace.window());
  }

  /** The node should not have gateway {@code name} (its room ended or moved away). */
  public void unwant(String name, String profile, String path) {
    NodeWork unsent = wanted.remove(name);
    Placed was = placed.remove(name);
    if (unsent != null && was == null) {
      return; // never written: nothing to kill
    }
    doomed.put(name, was != null ? was : new Placed(profile, path));
    schedule(pace.window());
  }

  /**
   * Whether a DOWN or gateway_delete of {@code gateway} belongs to a generation this lane killed
   * (killgw answers at once; FreeSWITCH fires DOWN about a second later, gateway_delete a second
   * after that: mod_sofia.c cmd_profile, sofia_reg.c:133 and :343). Such events never touch the
   * room's newer gateway of the same name.
   */
  public boolean oldGatewayEvent(String gateway, boolean deleted) {
    Integer kills = killsInFlight.get(gateway);
    if (kills == null) {
      return false;
    }
    if (deleted) {
      if (kills == 1) {
        killsInFlight.remove(gateway);
      } else {
        killsInFlight.put(gateway, kills - 1);
      }
    }
    return true;
  }

  /** Gateways whose files were written and not killed since: what the node should register. */
  public Map<String, String> placedGateways() {
    Map<String, String> out = new HashMap<>();
    placed.forEach((name, p) -> out.put(name, p.profile()));
    return out;
  }

  /** Work not yet done: nothing here means the node has what it should. */
  public boolean idle() {
    return !flushing && wanted.isEmpty() && doomed.isEmpty() && unscanned.isEmpty();
  }

  /** Do the pending work soon (a node's gateway came back, or a reconcile found a gap). */
  public void nudge() {
    if (timer != -1 && !flushing) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    schedule(Duration.ZERO);
  }

  private void schedule(Duration delay) {
    if (flushing || timer != -1) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> flush());
  }

  private void flush() {
    timer = -1;
    if (wanted.isEmpty() && doomed.isEmpty() && unscanned.isEmpty()) {
      return;
    }
    flushing = true;
    Map<String, Placed> kills = new LinkedHashMap<>(doomed);
    doomed.clear();
    List<NodeWork> puts = new ArrayList<>(wanted.values());
    wanted.clear();
    kill(kills)
        .compose(killed -> put(puts).map(written -> killed && written))
        .compose(ok -> rescan().map(scanned -> ok && scanned))
        .onComplete(ar -> finish(ar.succeeded() && ar.result()));
  }

  private Future<Boolean> kill(Map<String, Placed> kills) {
    List<Future<Boolean>> each = new ArrayList<>();
    kills.forEach((name, where) -> each.add(killOne(name, where)));
    return all(each);
  }

  private Future<Boolean> killOne(String name, Placed where) {
    return settle(commands.api(node, "sofia profile " + where.profile() + " killgw " + name))
        .compose(
            result -> {
              boolean marked = ok(result, "+OK");
              // FreeSWITCH has no such gateway: nothing to kill, and no DOWN will come.
              boolean absent = result != null && reply(result).contains("no such gateway");
              if (marked) {
                killsInFlight.merge(name, 1, Integer::sum);
              }
              if (!marked && !absent) {
                return Future.succeededFuture(false);
              }
              return settle(commands.delete(node, where.path())).map(deleted -> ok(deleted, ""));
            })
        .map(
            done -> {
              if (!done) {
                doomed.putIfAbsent(name, where);
              }
              return done;
            });
  }

  private Future<Boolean> put(List<NodeWork> puts) {
    List<Future<Boolean>> each = new ArrayList<>();
    for (NodeWork work : puts) {
      if (doomed.containsKey(work.gateway().name())) {
        // Its old generation could not be killed yet: writing now would leave FreeSWITCH running
        // the old one ("Ignoring duplicate gateway") while this lane believed the new one placed.
        wanted.putIfAbsent(work.gateway().name(), work);
        continue;
      }
      each.add(putOne(work));
    }
    return all(each);
  }

  private Future<Boolean> putOne(NodeWork work) {
    String name = work.gateway().name();
    return settle(commands.put(node, work.gateway().path(), work.gateway().content()))
        .map(
            result -> {
              if (ok(result, "")) {
                if (work.createdAt() >= 0) {
                  metrics.createToFile.record(
                      Duration.ofMillis(Math.max(0, clock.getAsLong() - work.createdAt())));
                }
                if (!doomed.containsKey(name)) {
                  // Else the room ended while the file was on its way: the kill is queued.
                  placed.put(name, new Placed(work.gateway().profile(), work.gateway().path()));
                }
                unscanned.merge(work.gateway().profile(), 1, Integer::sum);
                return true;
              }
              if (owner.stillWanted(work)) {
                wanted.putIfAbsent(name, work);
                owner.failed(work, why(result));
              }
              return false;
            });
  }

  private Future<Boolean> rescan() {
    List<Future<Boolean>> each = new ArrayList<>();
    for (Map.Entry<String, Integer> profile : new ArrayList<>(unscanned.entrySet())) {
      each.add(
          settle(commands.api(node, "sofia profile " + profile.getKey() + " rescan"))
              .map(
                  result -> {
                    if (!ok(result, "+OK scan complete")) {
                      return false;
                    }
                    metrics.rescans.increment();
                    metrics.roomsPerRescan.record(profile.getValue());
                    unscanned.merge(profile.getKey(), -profile.getValue(), Integer::sum);
                    unscanned.remove(profile.getKey(), 0);
                    return true;
                  }));
    }
    return all(each);
  }

  private void finish(boolean ok) {
    flushing = false;
    if (!ok) {
      metrics.retries.increment();
      backoff =
          backoff.isZero()
              ? pace.retryMin()
              : backoff.multipliedBy(2).compareTo(pace.retryMax()) > 0
                  ? pace.retryMax()
                  : backoff.multipliedBy(2);
      schedule(backoff);
      return;
    }
    backoff = Duration.ZERO;
    schedule(pace.window());
  }

  /** A command's result, or null when it failed without one (timeout, Kafka refused it). */
  private static Future<CommandResult> settle(Future<CommandResult> sent) {
    return sent.otherwise((CommandResult) null);
  }

  private static boolean ok(CommandResult result, String replyContains) {
    return result != null
        && result.status() == CommandResult.Status.OK
        && reply(result).contains(replyContains);
  }

  private static String reply(CommandResult result) {
    return result.reply() == null ? "" : result.reply();
  }

  private static String why(CommandResult result) {
    if (result == null) {
      return "no result (the node's gateway or Kafka did not answer)";
    }
    return result.status().wire()
        + ": "
        + (result.error() != null ? result.error() : reply(result).strip());
  }

  private static Future<Boolean> all(List<Future<Boolean>> each) {
    return Future.join(each)
        .map(cf -> each.stream().allMatch(f -> Boolean.TRUE.equals(f.result())))
        .otherwise(false);
  }
}
