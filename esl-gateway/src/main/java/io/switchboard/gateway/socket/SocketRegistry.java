package io.switchboard.gateway.socket;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.esl.EslConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The node's event sockets by id, and the set swap of fs_reload. */
public final class SocketRegistry {
  private final Function<ConfiguredSocket, SocketSupervisor> factory;
  private final MeterRegistry meters;
  private final Map<String, SocketSupervisor> sockets = new LinkedHashMap<>();

  public SocketRegistry(
      Function<ConfiguredSocket, SocketSupervisor> factory, MeterRegistry meters) {
    this.factory = factory;
    this.meters = meters;
  }

  /**
   * Makes the running set match {@code wanted}: sockets whose URL is unchanged keep running,
   * changed and new ones are (re)started, missing ones stopped. Returns what changed.
   */
  public synchronized List<String> apply(List<ConfiguredSocket> wanted) {
    List<String> changes = new ArrayList<>();
    Map<String, ConfiguredSocket> byId = new LinkedHashMap<>();
    wanted.forEach(s -> byId.put(s.id(), s));
    for (String id : new ArrayList<>(sockets.keySet())) {
      ConfiguredSocket next = byId.get(id);
      if (next == null || !next.url().equals(sockets.get(id).url())) {
        sockets.remove(id).stop();
        changes.add((next == null ? "removed " : "replaced ") + id);
      }
    }
    for (ConfiguredSocket s : wanted) {
      if (!sockets.containsKey(s.id())) {
        SocketSupervisor supervisor = factory.apply(s);
        sockets.put(s.id(), supervisor);
        // By id, not by object: a socket replaced by fs_reload keeps its time series.
        Gauge.builder(
                "switchboard.gateway.socket.connected",
                () -> get(s.id()).map(x -> x.connected() ? 1 : 0).orElse(0))
            .description("1 while the event socket is connected and authenticated")
            .tag("socket", s.id())
            .register(meters);
        Gauge.builder(
                "switchboard.gateway.socket.reconnect.attempts",
                () -> get(s.id()).map(SocketSupervisor::reconnectAttempts).orElse(0))
            .description(
                "Connection attempts since a connection last stayed up; grows while a peer keeps failing")
            .tag("socket", s.id())
            .register(meters);
        supervisor.start();
        if (changes.stream().noneMatch(c -> c.equals("replaced " + s.id()))) {
          changes.add("added " + s.id());
        }
      }
    }
    return changes;
  }

  public synchronized List<SocketSupervisor> all() {
    return List.copyOf(sockets.values());
  }

  public synchronized Optional<SocketSupervisor> get(String id) {
    return Optional.ofNullable(sockets.get(id));
  }

  /** The named socket's live connection, or, without a name, the first connected socket's. */
  public synchronized Optional<EslConnection> connection(String socketId) {
    if (socketId != null) {
      return get(socketId).map(SocketSupervisor::connection);
    }
    return sockets.values().stream()
        .map(SocketSupervisor::connection)
        .filter(c -> c != null)
        .findFirst();
  }

  public synchronized void stopAll() {
    sockets.values().forEach(SocketSupervisor::stop);
    sockets.clear();
  }
}
