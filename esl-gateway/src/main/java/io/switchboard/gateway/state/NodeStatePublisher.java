package io.switchboard.gateway.state;

import io.switchboard.bus.Json;
import io.switchboard.bus.NodeState;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.gateway.socket.SocketSupervisor;
import io.switchboard.kafka.TopicWriter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's state to the compacted {@code fs.nodes}: soon after anything changes
 * (changes within 200 ms are published once) and at a fixed interval, so that a consumer also sees
 * that the gateway itself is alive.
 */
public final class NodeStatePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(NodeStatePublisher.class);
  private static final long DEBOUNCE_MILLIS = 200;

  private final Vertx vertx;
  private final String node;
  private final SocketRegistry sockets;
  private final TopicWriter publisher;
  private final Duration interval;
  private boolean connected;
  private long since = System.currentTimeMillis();
  private long debounceTimer = -1;
  private long periodicTimer = -1;

  public NodeStatePublisher(
      Vertx vertx, String node, SocketRegistry sockets, TopicWriter publisher, Duration interval) {
    this.vertx = vertx;
    this.node = node;
    this.sockets = sockets;
    this.publisher = publisher;
    this.interval = interval;
  }

  public void start() {
    vertx.runOnContext(
        v -> {
          publish();
          periodicTimer = vertx.setPeriodic(interval.toMillis(), t -> publish());
        });
  }

  /** Something changed: publish shortly. Callable from any thread. */
  public void changed() {
    vertx.runOnContext(
        v -> {
          if (debounceTimer < 0) {
            debounceTimer =
                vertx.setTimer(
                    DEBOUNCE_MILLIS,
                    t -> {
                      debounceTimer = -1;
                      publish();
                    });
          }
        });
  }

  public synchronized NodeState snapshot() {
    List<SocketSupervisor> all = sockets.all();
    boolean now = all.stream().anyMatch(SocketSupervisor::connected);
    if (now != connected) {
      connected = now;
      since = System.currentTimeMillis();
    }
    SocketSupervisor first =
        all.stream().filter(SocketSupervisor::connected).findFirst().orElse(null);
    long lastEvent = all.stream().mapToLong(SocketSupervisor::lastEventAt).max().orElse(0);
    List<NodeState.Socket> states =
        all.stream()
            .map(
                s ->
                    new NodeState.Socket(
                        s.id(),
                        s.url().address(),
                        s.connected(),
                        s.since(),
                        s.subscriptions(),
                        s.lastEventAt()))
            .toList();
    return new NodeState(
        NodeState.VERSION,
        node,
        connected,
        since,
        first == null ? null : first.fsVersion(),
        first == null ? null : first.fsUptime(),
        lastEvent,
        states,
        System.currentTimeMillis());
  }

  private void publish() {
    publisher
        .send(vertx, node, Json.encode(snapshot()))
        .onFailure(e -> LOG.warn("could not publish the node state: {}", e.toString()));
  }

  public void stop() {
    if (periodicTimer >= 0) {
      vertx.cancelTimer(periodicTimer);
    }
    if (debounceTimer >= 0) {
      vertx.cancelTimer(debounceTimer);
    }
  }
}
