package io.switchboard.balancer.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.placement.MeetingClaims;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.Server;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every server's getMeetings at an interval, a bounded number at a time. A server turns
 * offline after {@code offlineAfter} failures in a row and online after {@code onlineAfter}
 * successes (its first answer decides at once); meetings the server no longer lists are ended on
 * the topic, and the participant figures of the others are refreshed.
 */
public final class ServerPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerPoller.class);

  private final Vertx vertx;
  private final ClusterState state;
  private final BbbClient bbb;
  private final MeetingClaims claims;
  private final int concurrency;
  private final int offlineAfter;
  private final int onlineAfter;
  private final long graceMillis;
  private final LongSupplier clock;
  private final Map<String, int[]> streaks = new ConcurrentHashMap<>();
  private final Timer latency;
  private final MeterRegistry registry;
  private final Map<String, List<Gauge>> gauged = new ConcurrentHashMap<>();

  /**
   * The poll of each server under way: one at a time, so each answer counts once towards its
   * streak.
   */
  private final Map<String, Future<Void>> inFlight = new ConcurrentHashMap<>();

  private final long timer;
  private boolean polling;

  public ServerPoller(
      Vertx vertx,
      ClusterState state,
      BbbClient bbb,
      MeetingClaims claims,
      Duration interval,
      int concurrency,
      int offlineAfter,
      int onlineAfter,
      Duration grace,
      LongSupplier clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.state = state;
    this.bbb = bbb;
    this.claims = claims;
    this.concurrency = concurrency;
    this.offlineAfter = offlineAfter;
    this.onlineAfter = onlineAfter;
    this.graceMillis = grace.toMillis();
    this.clock = clock;
    this.registry = registry;
    this.latency =
        Timer.builder("switchboard.balancer.poll")
            .description("getMeetings round trips of the poller")
            .register(registry);
    Gauge.builder(
            "switchboard.balancer.servers.online",
            state,
            s -> s.servers().stream().filter(Server::isOnline).count())
        .description("Pool servers the poller finds online")
        .register(registry);
    this.timer = vertx.setPeriodic(interval.toMillis(), t -> pollAll());
  }

  /** One round over every server; a round still running when the next is due makes it skip. */
  public Future<Void> pollAll() {
    if (polling) {
      return Future.succeededFuture();
    }
    polling = true;
    Deque<Server> queue = new ArrayDeque<>(state.servers());
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < concurrency && !queue.isEmpty(); i++) {
      lanes.add(lane(queue));
    }
    return Future.join(lanes)
        .<Void>mapEmpty()
        .onComplete(
            ar -> {
              polling = false;
              forgetRemovedServers();
            });
  }

  /** Polls one server now, between rounds (a voice conference of one of its rooms ended). */
  public Future<Void> pollServer(String id) {
    return state.server(id).map(this::poll).orElseGet(Future::succeededFuture);
  }

  private Future<Void> lane(Deque<Server> queue) {
    Server next = queue.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    return poll(next).compose(v -> lane(queue));
  }

  /**
   * Polls {@code server}, or joins its poll already under way (from a round, an event or the
   * admin).
   */
  private Future<Void> poll(Server server) {
    Promise<Void> mine = Promise.promise();
    Future<Void> running = inFlight.putIfAbsent(server.id(), mine.future());
    if (running != null) {
      return running;
    }
    fetchAndReconcile(server)
        .onComplete(
            ar -> {
              inFlight.remove(server.id(), mine.future());
              mine.handle(ar);
            });
    return mine.future();
  }

  private Future<Void> fetchAndReconcile(Server server) {
    serverGauges(server);
    long started = System.nanoTime();
    // The list is as of the request: a meeting created after it may be missing from it.
    long askedAt = clock.getAsLong();
    return bbb.fetch(server, "getMeetings", "")
        .compose(body -> vertx.executeBlocking(() -> MeetingList.parse(server.id(), body), false))
        .compose(
            list -> {
              latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              observed(server, true, null);
              // A failure from here on is Kafka's (writing the end of a meeting), not the server's.
              return reconcile(server, list, askedAt)
                  .recover(
                      e -> {
                        LOG.warn(
                            "server {}: could not record the end of meetings it no longer lists: {}",
                            server.id(),
                            e.toString());
                        return Future.succeededFuture();
                      });
            },
            e -> {
              failure(server).increment();
              observed(server, false, e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Counter failure(Server server) {
    return Counter.builder("switchboard.balancer.poll.failures")
        .description("getMeetings polls that failed")
        .tag("server", server.id())
        .register(registry);
  }

  private void observed(Server server, boolean ok, String why) {
    int[] streak = streaks.computeIfAbsent(server.id(), k -> new int[2]);
    streak[ok ? 0 : 1]++;
    streak[ok ? 1 : 0] = 0;
    Boolean was = server.online();
    boolean now;
    if (was == null) {
      now = ok;
    } else if (was && !ok) {
      now = streak[1] < offlineAfter;
    } else if (!was && ok) {
      now = streak[0] >= onlineAfter;
    } else {
      now = was;
    }
    if (was == null || was != now) {
      server.online(now);
      if (now) {
        LOG.info("server {} is online", server.id());
      } else {
        LOG.warn("server {} is offline: {}", server.id(), why);
      }
    }
  }

  /** Ends meetings the server no longer lists and refreshes the participant figures of the rest. */
  private Future<Void> reconcile(Server server, MeetingList list, long askedAt) {
    List<Future<Void>> ended = new ArrayList<>();
    for (Meeting meeting : state.meetingsOn(server.id())) {
      Meeting.Counts seen = list.meetings().get(meeting.meetingId());
      if (seen != null) {
        meeting.counts(seen);
      } else if (askedAt - meeting.record().createdAt() > graceMillis) {
        // Created longer ago than a create call can take, and gone: it ended on the server.
        ended.add(claims.end(meeting));
      }
    }
    return Future.join(ended).mapEmpty();
  }

  /**
   * The server's gauges, read from the state when scraped; dropped with the server: its meetings,
   * their participants as last polled, and whether the poller finds it online.
   */
  private void serverGauges(Server server) {
    gauged.computeIfAbsent(
        server.id(),
        id ->
            List.of(
                Gauge.builder("switchboard.balancer.meetings", () -> state.meetingsOn(id).size())
                    .description("Meetings per server")
                    .tag("server", id)
                    .register(registry),
                Gauge.builder(
                        "switchboard.balancer.participants",
                        () ->
                            state.meetingsOn(id).stream()
                                .mapToInt(m -> m.counts().participants())
                                .sum())
                    .description("Participants per server, as last polled")
                    .tag("server", id)
                    .register(registry),
                Gauge.builder(
                        "switchboard.balancer.server.online",
                        () -> state.server(id).map(s -> s.isOnline() ? 1 : 0).orElse(0))
                    .description("1 while the poller finds the server online")
                    .tag("server", id)
                    .register(registry)));
  }

  private void forgetRemovedServers() {
    gauged
        .keySet()
        .removeIf(
            id -> {
              if (state.server(id).isPresent()) {
                return false;
              }
              gauged.get(id).forEach(registry::remove);
              streaks.remove(id);
              return true;
            });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
