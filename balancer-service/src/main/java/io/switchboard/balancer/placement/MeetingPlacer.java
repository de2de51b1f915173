package io.switchboard.balancer.placement;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.Server;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Chooses the server for a new meeting: the placeable one (enabled, online) with the lowest load,
 * where load is the sum of its meetings' {@code load} (a young meeting counts at least {@code
 * minYoungLoad}, since its users are still arriving) times the server's multiplier.
 *
 * <p>A placement counts from the moment it is chosen (a reservation), not from when its record
 * comes back from Kafka, so that creates arriving together spread over the pool.
 */
public final class MeetingPlacer {
  private final ClusterState state;
  private final double minYoungLoad;
  private final long youngForMillis;
  private final LongSupplier clock;
  private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

  private record Reservation(String serverId, double load) {}

  public MeetingPlacer(
      ClusterState state, double minYoungLoad, Duration youngFor, LongSupplier clock) {
    this.state = state;
    this.minYoungLoad = minYoungLoad;
    this.youngForMillis = youngFor.toMillis();
    this.clock = clock;
  }

  /** The best server, other than {@code excluded} (a move's origin; may be null). */
  public Optional<Server> choose(String excluded) {
    return choose(excluded, s -> true);
  }

  /** The best server {@code eligible} accepts, other than {@code excluded}. */
  public Optional<Server> choose(String excluded, Predicate<Server> eligible) {
    Map<String, Double> loads = loads();
    return state.servers().stream()
        .filter(Server::placeable)
        .filter(eligible)
        .filter(s -> !s.id().equals(excluded))
        .min(
            Comparator.<Server>comparingDouble(
                    s -> loads.getOrDefault(s.id(), 0.0) * s.record().loadMultiplier())
                .thenComparing(Server::id));
  }

  /** Each server's load before its multiplier, reservations included. */
  public Map<String, Double> loads() {
    long now = clock.getAsLong();
    Map<String, Double> loads = new HashMap<>();
    for (Meeting m : state.meetings()) {
      loads.merge(m.serverId(), effectiveLoad(m, now), Double::sum);
    }
    reservations.values().forEach(r -> loads.merge(r.serverId(), r.load(), Double::sum));
    return loads;
  }

  private double effectiveLoad(Meeting m, long now) {
    double load = m.record().load();
    return now - m.record().createdAt() < youngForMillis ? Math.max(load, minYoungLoad) : load;
  }

  /**
   * Counts {@code load} on the server until {@link #release} (the placement's record is applied).
   */
  public void reserve(String writeId, String serverId, double load) {
    reservations.put(writeId, new Reservation(serverId, Math.max(load, minYoungLoad)));
  }

  public void release(String writeId) {
    reservations.remove(writeId);
  }
}
