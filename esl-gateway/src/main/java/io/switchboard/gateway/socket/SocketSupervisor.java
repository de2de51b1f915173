package io.switchboard.gateway.socket;

import io.switchboard.esl.EslClientOptions;
import io.switchboard.esl.EslConnection;
import io.switchboard.esl.EslEvent;
import io.switchboard.esl.EslUrl;
import io.switchboard.esl.EventFormat;
import io.switchboard.gateway.metrics.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one event socket alive: connects and authenticates, subscribes every wanted event (one
 * {@code event} command each, since FreeSWITCH silently skips unknown names in a list), retries
 * subscriptions FreeSWITCH refused until they are withdrawn, reconnects with backoff and jitter
 * (begun again only once a connection has stayed up, see {@link ReconnectPolicy}), numbers every
 * connection with an epoch, subscribes again after every reconnect, and declares the connection
 * dead after two missed HEARTBEAT intervals. State is read from any thread; everything else runs on
 * one context.
 */
public final class SocketSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(SocketSupervisor.class);

  /** bgapi results arrive as BACKGROUND_JOB events: the gateway cannot run commands without it. */
  public static final String REQUIRED_EVENT = "BACKGROUND_JOB";

  private final Vertx vertx;
  private final Context context;
  private final String id;
  private final EslUrl url;
  private final EventFormat format;
  private final EslClientOptions options;
  private final Duration heartbeatInterval;
  private final Duration subscriptionRetry;
  private final EventSink sink;
  private final GatewayMetrics metrics;
  private final Runnable onChange;
  private final Backoff backoff;
  private final Duration backoffResetAfter;
  private final ConnectionEpochs epochs;
  private final Set<String> wanted = new LinkedHashSet<>();
  private final Set<String> refused = new LinkedHashSet<>();
  private volatile EslConnection connection;
  private volatile boolean connected;
  private volatile long since = System.currentTimeMillis();
  private volatile long lastEventAt;
  private volatile List<String> active = List.of();
  private volatile List<String> refusedView = List.of();
  private volatile String fsVersion;
  private volatile String fsUptime;
  private long lastHeartbeat;
  private long epoch;
  private long seq;
  private long reconnectTimer = -1;
  private long watchdogTimer = -1;
  private long retryTimer = -1;
  private long healthyTimer = -1;
  private boolean stopped;

  public SocketSupervisor(
      Vertx vertx,
      String id,
      EslUrl url,
      SocketSettings settings,
      ConnectionEpochs epochs,
      EventSink sink,
      GatewayMetrics metrics,
      Runnable onChange) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.id = id;
    this.url = url;
    this.format = settings.format();
    this.options = settings.options();
    this.heartbeatInterval = settings.heartbeatInterval();
    this.subscriptionRetry = settings.subscriptionRetry();
    this.sink = sink;
    this.metrics = metrics;
    this.onChange = onChange;
    this.backoff = new Backoff(settings.reconnect().min(), settings.reconnect().max());
    this.backoffResetAfter = settings.reconnect().resetAfter();
    this.epochs = epochs;
    this.wanted.addAll(settings.events());
    this.wanted.addAll(url.events());
    this.wanted.add(REQUIRED_EVENT);
  }

  public void start() {
    context.runOnContext(v -> connect());
  }

  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          stopped = true;
          cancel(reconnectTimer);
          cancel(watchdogTimer);
          cancel(retryTimer);
          cancel(healthyTimer);
          EslConnection c = connection;
          if (c != null) {
            c.close("gateway stopping");
          }
          done.complete();
        });
    return done.future();
  }

  /**
   * Takes the connection's epoch first (a file write, on a worker), so that no event of the
   * connection can arrive before its number is on disk.
   */
  private void connect() {
    if (stopped) {
      return;
    }
    context
        .executeBlocking(epochs::next, false)
        .onComplete(
            next -> {
              if (next.failed()) {
                LOG.error(
                    "socket {}: cannot record the connection epoch ({}); not connecting",
                    id,
                    next.cause().toString());
                scheduleReconnect();
              } else {
                connect(next.result());
              }
            });
  }

  private void connect(long nextEpoch) {
    if (stopped) {
      return;
    }
    EslConnection.connect(vertx, url, options)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.warn("socket {} ({}): {}", id, url.address(), ar.cause().getMessage());
                scheduleReconnect();
                return;
              }
              EslConnection c = ar.result();
              if (stopped) {
                c.close("gateway stopping");
                return;
              }
              connection = c;
              epoch = nextEpoch;
              seq = 0;
              lastHeartbeat = System.currentTimeMillis();
              c.eventHandler(this::onEvent);
              c.closed().onComplete(closed -> onClosed(c, closed.result()));
              subscribeAll(c)
                  .onComplete(
                      done -> {
                        if (!c.isOpen()) {
                          return;
                        }
                        connected = true;
                        since = System.currentTimeMillis();
                        healthyTimer =
                            vertx.setTimer(
                                Math.max(1, backoffResetAfter.toMillis()),
                                t -> {
                                  healthyTimer = -1;
                                  backoff.reset();
                                });
                        LOG.info(
                            "socket {} connected to {}, subscribed to {}",
                            id,
                            url.address(),
                            active);
                        watchdog();
                        describeFreeSwitch(c);
                        onChange.run();
                      });
            });
  }

  private Future<Void> subscribeAll(EslConnection c) {
    Future<Void> chain = Future.succeededFuture();
    for (String event : new ArrayList<>(wanted)) {
      chain = chain.compose(v -> subscribeOne(c, event));
    }
    return chain;
  }

  private Future<Void> subscribeOne(EslConnection c, String event) {
    return c.subscribe(format, List.of(event))
        .transform(
            ar -> {
              if (ar.succeeded()) {
                refused.remove(event);
              } else if (c.isOpen()) {
                if (refused.add(event)) {
                  LOG.warn(
                      "socket {}: subscription to {} refused ({}); retrying every {} s",
                      id,
                      event,
                      ar.cause().getMessage(),
                      subscriptionRetry.toSeconds());
                }
                scheduleSubscriptionRetry();
              }
              active = List.copyOf(c.subscriptions());
              refusedView = List.copyOf(refused);
              return Future.succeededFuture();
            });
  }

  private void scheduleSubscriptionRetry() {
    if (retryTimer >= 0 || stopped) {
      return;
    }
    retryTimer =
        vertx.setTimer(
            subscriptionRetry.toMillis(),
            t -> {
              retryTimer = -1;
              EslConnection c = connection;
              if (c == null || !c.isOpen() || refused.isEmpty()) {
                return;
              }
              Future<Void> chain = Future.succeededFuture();
              for (String event : new ArrayList<>(refused)) {
                if (wanted.contains(event)) {
                  chain = chain.compose(v -> subscribeOne(c, event));
                } else {
                  refused.remove(event);
                  refusedView = List.copyOf(refused);
                }
              }
              chain.onComplete(v -> onChange.run());
            });
  }

  /** {@code status} and {@code version} for the node state; failures only leave them unknown. */
  private void describeFreeSwitch(EslConnection c) {
    c.api("version")
        .onSuccess(
            r -> {
              fsVersion =
                  r.text() == null
                      ? null
                      : r.text().trim().replaceFirst("^FreeSWITCH Version ", "");
              onChange.run();
            });
    c.api("status")
        .onSuccess(
            r -> {
              fsUptime =
                  r.text() == null
                      ? null
                      : r.text().lines().findFirst().orElse("").replaceFirst("^UP ", "");
              onChange.run();
            });
  }

  private void onEvent(EslEvent event) {
    long now = System.currentTimeMillis();
    lastEventAt = now;
    if ("HEARTBEAT".equals(event.name())) {
      lastHeartbeat = now;
    }
    metrics.received(id);
    sink.accept(id, epoch, ++seq, event);
  }

  /** Two HEARTBEAT intervals without one means FreeSWITCH (or the path to it) is gone. */
  private void watchdog() {
    cancel(watchdogTimer);
    if (heartbeatInterval.isZero() || !wanted.contains("HEARTBEAT")) {
      return;
    }
    long period = Math.max(100, heartbeatInterval.toMillis() / 2);
    watchdogTimer =
        vertx.setPeriodic(
            period,
            t -> {
              EslConnection c = connection;
              if (c != null
                  && c.isOpen()
                  && System.currentTimeMillis() - lastHeartbeat
                      > 2 * heartbeatInterval.toMillis()) {
                LOG.warn(
                    "socket {}: no HEARTBEAT for two intervals ({} ms); reconnecting",
                    id,
                    2 * heartbeatInterval.toMillis());
                c.close("missed heartbeats");
              }
            });
  }

  private void onClosed(EslConnection c, EslConnection.Closed closed) {
    if (connection != c) {
      return;
    }
    connection = null;
    cancel(watchdogTimer);
    cancel(healthyTimer);
    healthyTimer = -1;
    boolean wasConnected = connected;
    connected = false;
    active = List.of();
    since = System.currentTimeMillis();
    if (closed != null && closed.reason().startsWith("protocol error")) {
      metrics.protocolError(id);
    }
    if (!stopped) {
      LOG.warn(
          "socket {} lost its connection to {}: {}{}",
          id,
          url.address(),
          closed == null ? "?" : closed.reason(),
          closed != null && closed.notice() != null ? " (" + closed.notice().trim() + ")" : "");
      scheduleReconnect();
    }
    if (wasConnected) {
      onChange.run();
    }
  }

  private void scheduleReconnect() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    long delay = backoff.nextDelayMillis();
    metrics.reconnect(id);
    reconnectTimer =
        vertx.setTimer(
            delay,
            t -> {
              reconnectTimer = -1;
              connect();
            });
  }

  private void cancel(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** fs_subscribe: wanted from now on, on every connection; refused ones are retried. */
  public Future<List<String>> subscribe(List<String> events) {
    Promise<List<String>> result = Promise.promise();
    context.runOnContext(
        v -> {
          wanted.addAll(events);
          EslConnection c = connection;
          Future<Void> chain = Future.succeededFuture();
          if (c != null && c.isOpen()) {
            for (String event : events) {
              chain = chain.compose(x -> subscribeOne(c, event));
            }
          }
          chain.onComplete(
              x -> {
                onChange.run();
                result.complete(List.copyOf(refused));
              });
        });
    return result.future();
  }

  /** fs_unsubscribe: no longer wanted (and no longer retried). BACKGROUND_JOB stays. */
  public Future<Void> unsubscribe(List<String> events) {
    if (events.contains(REQUIRED_EVENT)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              REQUIRED_EVENT
                  + " cannot be unsubscribed: command results arrive as BACKGROUND_JOB events"));
    }
    Promise<Void> result = Promise.promise();
    context.runOnContext(
        v -> {
          wanted.removeAll(events);
          refused.removeAll(events);
          refusedView = List.copyOf(refused);
          EslConnection c = connection;
          List<String> toNix =
              events.stream().filter(e -> c != null && c.subscriptions().contains(e)).toList();
          Future<?> nix =
              toNix.isEmpty() || c == null ? Future.succeededFuture() : c.unsubscribe(toNix);
          nix.onComplete(
              ar -> {
                if (c != null) {
                  active = List.copyOf(c.subscriptions());
                }
                onChange.run();
                if (ar.failed()) {
                  result.fail(ar.cause());
                } else {
                  result.complete();
                }
              });
        });
    return result.future();
  }

  public String id() {
    return id;
  }

  public EslUrl url() {
    return url;
  }

  public boolean connected() {
    return connected;
  }

  /** Connection attempts since the last connection that stayed up (see {@link ReconnectPolicy}). */
  public int reconnectAttempts() {
    return backoff.attempts();
  }

  public long since() {
    return since;
  }

  public long lastEventAt() {
    return lastEventAt;
  }

  /** What FreeSWITCH acknowledged on the current connection. */
  public List<String> subscriptions() {
    return active;
  }

  /** Subscriptions FreeSWITCH refused, being retried. */
  public List<String> refusedSubscriptions() {
    return refusedView;
  }

  public String fsVersion() {
    return fsVersion;
  }

  public String fsUptime() {
    return fsUptime;
  }

  /** The live connection, or null. */
  public EslConnection connection() {
    EslConnection c = connection;
    return c != null && c.isOpen() && connected ? c : null;
  }
}
