package io.switchboard.registration.node;

import io.switchboard.bus.CommandResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One node's gateway work. Each gateway file is sent as soon as the events read with its room's are
 * taken in, in one {@code files.put} with the files of that node's other rooms among them, unless
 * {@link #MAX_PUTS_IN_FLIGHT} puts are on their way; then with the others that came meanwhile, in
 * the next put (so a burst of rooms costs fewer commands than rooms, and a lone room waits for
 * none), and files written within the window share one {@code sofia profile <p> rescan}: the window
 * delays the rescan, never the file. Rescans of a profile never overlap, and a node's next rescan
 * starts at least a window after its last one ended; files written while one runs wait for the
 * next. The kill of a gateway ({@code killgw} and the file's deletion) and the writing of a new
 * file under the same name never overlap either, and the kill goes first, so a room destroyed and
 * created again (or renewed) has its old gateway killed before its new file is written and scanned;
 * FreeSWITCH then adds the new gateway before the old one's DOWN and gateway_delete arrive
 * (sofia.c:3784), which {@link #oldGatewayEvent} tells apart.
 *
 * <p>Work that fails (a refused command, or no result because the node's gateway or Kafka is down)
 * is kept, and the node's work is held for a doubling delay before it is tried again, so a node
 * whose gateway returns gets it. Runs on the service's context.
 */
public final class NodeLane {
  /**
   * Files per {@code files.put}: about 1 KiB each sealed, well inside a Kafka record of 1 MiB and
   * the gateway's limit of files per command.
   */
  static final int MAX_FILES_PER_PUT = 200;

  /**
   * Puts on their way to one node at a time. A put carries the rooms of one batch of events, so at
   * a thousand rooms a second a node has a few on their way; the gateway writes puts of different
   * files side by side, their syncs sharing the disk's commits. With eight, the lane was at its cap
   * when most puts went and rooms waited up to 95 ms (p99) for a put's result, a round trip through
   * Kafka (docs/benchmarks.md).
   */
  static final int MAX_PUTS_IN_FLIGHT = 16;

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
  private final Context context;
  private final CommandChannel commands;
  private final LaneMetrics metrics;
  private final Pace pace;
  private final LongSupplier clock;
  private final Owner owner;

  /** Files to write, not sent yet (behind their name's kill, or held after a failure). */
  private final Map<String, NodeWork> wanted = new LinkedHashMap<>();

  /** Gateways to kill, not sent yet. */
  private final Map<String, Placed> doomed = new LinkedHashMap<>();

  /** Gateway names with a kill or a file put on its way. */
  private final Set<String> busy = new HashSet<>();

  private final Map<String, Placed> placed = new HashMap<>();

  /** Files written per profile that no rescan has brought in yet. */
  private final Map<String, Integer> unscanned = new LinkedHashMap<>();

  private final Set<String> scanning = new HashSet<>();

  /**
   * Names whose old gateway was just killed for a new file (a renewal, or a room ended and created
   * again): FreeSWITCH has neither until the rescan, so theirs is not delayed by the window.
   */
  private final Set<String> replacing = new HashSet<>();

  private final Map<String, Integer> killsInFlight = new HashMap<>();
  private int putsInFlight;
  private boolean pumpDue;
  private long rescanTimer = -1;
  private long rescanDueAt;
  private long retryTimer = -1;
  private long firstUnscannedAt = -1;

  /** When the node's last rescan ended, or -1. */
  private long lastRescanEnd = -1;

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
    this.context = vertx.getOrCreateContext();
    this.commands = commands;
    this.metrics = metrics;
    this.pace = pace;
    this.clock = clock;
    this.owner = owner;
  }

  /**
   * The node should have this gateway. Its file goes out once the service has taken in the events
   * read with its room's, as a rule in one put with theirs (a kill or renewal among them sends what
   * was wanted before it at once).
   */
  public void want(NodeWork work) {
    wanted.put(work.gateway().name(), work);
    if (!pumpDue) {
      pumpDue = true;
      context.runOnContext(
          v -> {
            pumpDue = false;
            pump();
          });
    }
  }

  /**
   * The room keeps its gateway with fresh credentials ({@code work}): FreeSWITCH's rescan never
   * changes a gateway it has ("Ignoring duplicate gateway", sofia.c parse_gateways), so the one
   * placed is killed, then the new file written and rescanned, as for a room ended and created
   * again at once.
   */
  public void renew(NodeWork work) {
    String name = work.gateway().name();
    Placed was = placed.remove(name);
    if (was != null) {
      doomed.put(name, was);
    }
    wanted.put(name, work);
    pump();
  }

  /** The node should not have gateway {@code name} (its room ended or moved away). */
  public void unwant(String name, String profile, String path) {
    NodeWork unsent = wanted.remove(name);
    Placed was = placed.remove(name);
    if (unsent != null && was == null) {
      return; // never written: nothing to kill
    }
    doomed.put(name, was != null ? was : new Placed(profile, path));
    pump();
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
    return wanted.isEmpty()
        && doomed.isEmpty()
        && busy.isEmpty()
        && unscanned.isEmpty()
        && scanning.isEmpty();
  }

  /** Do the pending work now (a node's gateway came back, or a reconcile found a gap). */
  public void nudge() {
    if (retryTimer != -1) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
    pump();
    if (!unscanned.isEmpty()) {
      rescanSoon(0);
    }
  }

  /** Sends every kill and file that may go now; nothing while the node's work is held. */
  private void pump() {
    if (retryTimer != -1) {
      return;
    }
    for (Map.Entry<String, Placed> kill : new ArrayList<>(doomed.entrySet())) {
      if (busy.add(kill.getKey())) {
        doomed.remove(kill.getKey());
        killOne(kill.getKey(), kill.getValue());
      }
    }
    if (putsInFlight >= MAX_PUTS_IN_FLIGHT) {
      return; // files that came meanwhile go together when one returns
    }
    List<NodeWork> batch = new ArrayList<>();
    for (NodeWork work : new ArrayList<>(wanted.values())) {
      String name = work.gateway().name();
      if (batch.size() < MAX_FILES_PER_PUT && !doomed.containsKey(name) && busy.add(name)) {
        wanted.remove(name);
        batch.add(work);
      }
    }
    if (!batch.isEmpty()) {
      put(batch);
    }
  }

  private void killOne(String name, Placed where) {
    settle(commands.api(node, "sofia profile " + where.profile() + " killgw " + name))
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
        .onComplete(
            ar -> {
              busy.remove(name);
              boolean done = ar.succeeded() && ar.result();
              if (!done) {
                doomed.putIfAbsent(name, where);
              } else if (wanted.containsKey(name)) {
                replacing.add(name);
              }
              settled(done);
            });
  }

  /**
   * Writes the files in one {@code files.put}, all or none. A few puts at a time per node: a file
   * that comes while they are on their way goes with the next, so a burst costs a few commands
   * (group commit) while a lone file goes at once.
   */
  private void put(List<NodeWork> batch) {
    putsInFlight++;
    Map<String, String> files = new LinkedHashMap<>();
    batch.forEach(work -> files.put(work.gateway().path(), work.gateway().content()));
    settle(commands.putAll(node, files))
        .onComplete(
            ar -> {
              putsInFlight--;
              CommandResult result = ar.result();
              boolean written = ok(result, "");
              for (NodeWork work : batch) {
                busy.remove(work.gateway().name());
                if (written) {
                  written(work);
                } else if (owner.stillWanted(work)) {
                  wanted.putIfAbsent(work.gateway().name(), work);
                  owner.failed(work, why(result));
                }
              }
              settled(written);
            });
  }

  private void written(NodeWork work) {
    String name = work.gateway().name();
    if (work.createdAt() >= 0) {
      metrics.createToFile.record(
          Duration.ofMillis(Math.max(0, clock.getAsLong() - work.createdAt())));
    }
    if (!doomed.containsKey(name)) {
      // Else the room ended while the file was on its way: the kill is queued.
      placed.put(name, new Placed(work.gateway().profile(), work.gateway().path()));
    }
    unscanned.merge(work.gateway().profile(), 1, Integer::sum);
    if (firstUnscannedAt < 0) {
      firstUnscannedAt = clock.getAsLong();
    }
    rescanSoon(replacing.remove(name) ? 0 : pace.window().toMillis());
  }

  /**
   * A rescan {@code windowMillis} after the first file it is to bring in was written, and at least
   * a window after the node's last rescan ended: a rescan reloads the whole XML configuration, and
   * during a burst the files written while one runs would otherwise get the next at once, one
   * rescan after the other.
   */
  private void rescanSoon(long windowMillis) {
    if (retryTimer != -1) {
      return;
    }
    long now = clock.getAsLong();
    long dueAt = firstUnscannedAt < 0 ? now : firstUnscannedAt + windowMillis;
    dueAt = Math.max(dueAt, spacedFrom(now));
    if (rescanTimer != -1) {
      if (dueAt >= rescanDueAt) {
        return;
      }
      vertx.cancelTimer(rescanTimer);
    }
    rescanDueAt = dueAt;
    rescanTimer = vertx.setTimer(Math.max(1, dueAt - now), t -> rescan());
  }

  /**
   * The earliest a rescan may start: a window after the last one ended, and never more than a
   * window from now (the clock is the wall clock, which may step back).
   */
  private long spacedFrom(long now) {
    long window = pace.window().toMillis();
    return lastRescanEnd < 0 ? now : Math.min(lastRescanEnd + window, now + window);
  }

  private void rescan() {
    rescanTimer = -1;
    long now = clock.getAsLong();
    long spaced = spacedFrom(now);
    if (spaced > now) {
      // Set while the last rescan ran, this timer did not know when that one would end.
      rescanDueAt = spaced;
      rescanTimer = vertx.setTimer(spaced - now, t -> rescan());
      return;
    }
    firstUnscannedAt = -1;
    for (Map.Entry<String, Integer> entry : new ArrayList<>(unscanned.entrySet())) {
      String profile = entry.getKey();
      if (!scanning.add(profile)) {
        continue; // one is running: these files wait for the next
      }
      int files = unscanned.remove(profile);
      settle(commands.api(node, "sofia profile " + profile + " rescan"))
          .onComplete(
              ar -> {
                scanning.remove(profile);
                lastRescanEnd = clock.getAsLong();
                boolean scanned = ok(ar.result(), "+OK scan complete");
                if (scanned) {
                  metrics.rescans.increment();
                  metrics.roomsPerRescan.record(files);
                } else {
                  unscanned.merge(profile, files, Integer::sum);
                }
                settled(scanned);
              });
    }
  }

  /**
   * After each command: a failure holds the node's work for the backoff, which doubles up to its
   * maximum; a success clears it, and what waited for the command's gateway name goes. Files left
   * unscanned get their rescan.
   */
  private void settled(boolean ok) {
    if (ok) {
      backoff = Duration.ZERO;
    } else if (retryTimer == -1) {
      metrics.retries.increment();
      backoff =
          backoff.isZero()
              ? pace.retryMin()
              : backoff.multipliedBy(2).compareTo(pace.retryMax()) > 0
                  ? pace.retryMax()
                  : backoff.multipliedBy(2);
      retryTimer =
          vertx.setTimer(
              backoff.toMillis(),
              t -> {
                retryTimer = -1;
                nudge();
              });
      return;
    }
    pump();
    if (!unscanned.isEmpty()) {
      if (firstUnscannedAt < 0) {
        firstUnscannedAt = clock.getAsLong();
      }
      rescanSoon(pace.window().toMillis());
    }
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
}
