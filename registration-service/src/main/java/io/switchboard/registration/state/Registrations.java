package io.switchboard.registration.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.bus.Json;
import io.switchboard.bus.SipRegistration;
import io.switchboard.kafka.TopicWriter;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each live room's registration: which node registers it, with which gateway generation, and in
 * which state. Changed only on the service's context (read by the API there and by the metrics'
 * scrapes on their own thread, hence the concurrent map of immutable values); every change is
 * published to the compacted {@code sip.registrations}, a room's end as a tombstone.
 */
public final class Registrations {
  private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);

  /** Every state a record may hold: PENDING, then mod_sofia's (mod_sofia.c:2783). */
  public static final List<String> STATES =
      List.of(
          "PENDING",
          "UNREGED",
          "TRYING",
          "REGISTER",
          "REGED",
          "UNREGISTER",
          "FAILED",
          "FAIL_WAIT",
          "EXPIRED",
          "NOREG",
          "DOWN",
          "TIMEOUT");

  private final Vertx vertx;
  private final TopicWriter topic;
  private final LongSupplier clock;
  private final Map<String, SipRegistration> rooms = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong();

  /** Rooms whose current generation reached REGED once: only the first REGED is timed. */
  private final Map<String, Long> regedOnce = new HashMap<>();

  private final AtomicLong publishFailures = new AtomicLong();
  private final Timer createToReged;
  private final Counter failures;

  public Registrations(Vertx vertx, TopicWriter topic, LongSupplier clock, MeterRegistry registry) {
    this.vertx = vertx;
    this.topic = topic;
    this.clock = clock;
    Gauge.builder("switchboard_registration_rooms", rooms, Map::size)
        .description("live rooms the service registers")
        .register(registry);
    for (String state : STATES) {
      Gauge.builder(
              "switchboard_registration_registrations",
              rooms,
              r -> r.values().stream().filter(s -> s.state().equals(state)).count())
          .description("rooms' registrations by gateway state")
          .tag("state", state)
          .register(registry);
    }
    Gauge.builder("switchboard_registration_publish_failures", publishFailures, AtomicLong::get)
        .description("registration records Kafka did not take (the state stays in memory)")
        .register(registry);
    this.failures =
        Counter.builder("switchboard_registration_failures_total")
            .description("registrations that ended FAILED (wrong credentials, refused, no answer)")
            .register(registry);
    this.createToReged =
        Timer.builder("switchboard_registration_create_to_reged_seconds")
            .description("from a room's conference-create to its first REGED")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  /**
   * A room appeared on {@code node}: the generation its gateway belongs to. A create repeated for a
   * room already registered from that node (an event replayed after a restart) keeps the
   * generation; on another node (a move) it starts a new one there.
   */
  public long created(String room, String node, String profile, String gateway, long createdAt) {
    SipRegistration now = rooms.get(room);
    if (now != null && now.node().equals(node)) {
      return now.generation();
    }
    long generation = generations.incrementAndGet();
    regedOnce.remove(room);
    put(
        new SipRegistration(
            SipRegistration.VERSION,
            room,
            node,
            profile,
            gateway,
            generation,
            "PENDING",
            createdAt,
            createdAt,
            null,
            clock.getAsLong()));
    return generation;
  }

  /** The room ended on {@code node}: forgotten if that node registered it (else a move's old). */
  public boolean destroyed(String room, String node) {
    SipRegistration now = rooms.get(room);
    if (now == null || !now.node().equals(node)) {
      return false;
    }
    rooms.remove(room);
    regedOnce.remove(room);
    publish(room, null);
    return true;
  }

  /** Whether {@code generation} is still the room's registration on {@code node}. */
  public boolean current(String room, String node, long generation) {
    SipRegistration now = rooms.get(room);
    return now != null && now.node().equals(node) && now.generation() == generation;
  }

  /** A gateway_state of the room's current gateway on {@code node}; others are not ours. */
  public void state(String room, String node, String state, int status, String phrase) {
    SipRegistration now = rooms.get(room);
    if (now == null || !now.node().equals(node)) {
      return;
    }
    long at = clock.getAsLong();
    SipRegistration.Failure failure = now.lastFailure();
    if (state.equals("FAILED")) {
      failures.increment();
    }
    if (state.equals("FAILED") || state.equals("TIMEOUT")) {
      failure = new SipRegistration.Failure(state, status, phrase, at);
    }
    if (state.equals("REGED") && regedOnce.put(room, now.generation()) == null) {
      createToReged.record(Duration.ofMillis(Math.max(0, at - now.createdAt())));
    }
    if (state.equals(now.state()) && failure == now.lastFailure()) {
      return; // a refresh: REGISTER 200 then REGED again is normal, not news
    }
    put(with(now, state.equals(now.state()) ? now.state() : state, failure, at));
  }

  /** A command for the room's gateway failed: the operator sees why in lastFailure. */
  public void commandFailed(String room, String node, long generation, String error) {
    SipRegistration now = rooms.get(room);
    if (now == null || !now.node().equals(node) || now.generation() != generation) {
      return;
    }
    long at = clock.getAsLong();
    put(with(now, now.state(), new SipRegistration.Failure("COMMAND", 0, error, at), at));
  }

  private SipRegistration with(
      SipRegistration r, String state, SipRegistration.Failure failure, long at) {
    return new SipRegistration(
        r.v(),
        r.room(),
        r.node(),
        r.profile(),
        r.gateway(),
        r.generation(),
        state,
        state.equals(r.state()) ? r.since() : at,
        r.createdAt(),
        failure,
        at);
  }

  private void put(SipRegistration registration) {
    rooms.put(registration.room(), registration);
    publish(registration.room(), registration);
  }

  private void publish(String room, SipRegistration value) {
    topic
        .send(vertx, room, value == null ? null : Json.encode(value))
        .onFailure(
            e -> {
              publishFailures.incrementAndGet();
              LOG.warn("registration of room {} not published: {}", room, e.getMessage());
            });
  }

  public Optional<SipRegistration> get(String room) {
    return Optional.ofNullable(rooms.get(room));
  }

  public Collection<SipRegistration> all() {
    return rooms.values();
  }
}
