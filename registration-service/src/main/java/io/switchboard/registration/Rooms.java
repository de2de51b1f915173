package io.switchboard.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.registration.gateway.GatewayRenderer;
import io.switchboard.registration.gateway.GatewayRenderer.RoomGateway;
import io.switchboard.registration.node.NodeLane;
import io.switchboard.registration.node.NodeWork;
import io.switchboard.registration.state.Registrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the nodes' conference and sofia events into registrations: a matching room's
 * conference-create gives its node a gateway, its conference-destroy takes it away, and the
 * gateway's sofia::gateway_state events say how the registration stands. A room whose credentials
 * have lived half their lifetime gets its gateway again with fresh ones, so a meeting longer than
 * the lifetime stays registered. Runs on the service's context.
 */
final class Rooms implements NodeLane.Owner {
  private static final Logger LOG = LoggerFactory.getLogger(Rooms.class);

  /** sofia.c parse_gateways refuses other names ("Ignoring invalid name"). */
  private static final Pattern GATEWAY_NAME = Pattern.compile("^[\\w.\\-]+$");

  private final Pattern roomPattern;
  private final GatewayRenderer renderer;
  private final Registrations registrations;
  private final Function<String, String> profileOf;
  private final Function<String, NodeLane> lanes;
  private final LongSupplier clock;
  private final String gatewayPrefix;
  private final Counter ignored;
  private final Counter unreadable;
  private final Counter renewed;
  private final Map<String, Long> generations = new HashMap<>();
  private final Vertx vertx;
  private final Duration renewAfter;

  /** Each placed room's renewal timer, by {@link NodeWork#key()}. */
  private final Map<String, Long> renewals = new HashMap<>();

  Rooms(
      Vertx vertx,
      RegistrationConfig config,
      GatewayRenderer renderer,
      Registrations registrations,
      Function<String, NodeLane> lanes,
      LongSupplier clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.renewAfter = config.credentialLifetime().dividedBy(2);
    this.roomPattern = config.roomPattern();
    this.renderer = renderer;
    this.registrations = registrations;
    this.profileOf = config::profileOf;
    this.lanes = lanes;
    this.clock = clock;
    this.gatewayPrefix = config.gatewayPrefix();
    this.ignored =
        Counter.builder("switchboard_registration_ignored_conferences_total")
            .description("conference-create events of rooms the pattern does not match")
            .register(registry);
    this.renewed =
        Counter.builder("switchboard_registration_credential_renewals_total")
            .description("rooms' gateways renewed with fresh credentials before theirs expired")
            .register(registry);
    this.unreadable =
        Counter.builder("switchboard_registration_unreadable_events_total")
            .description("event records that could not be decoded, skipped")
            .register(registry);
  }

  Future<Void> onConferenceEvents(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      FsEvent event = decode(record);
      if (event == null || event.node() == null) {
        continue;
      }
      String action = event.header("Action");
      if ("conference-create".equals(action)) {
        created(event.node(), event.header("Conference-Name"));
      } else if ("conference-destroy".equals(action)) {
        destroyed(event.node(), event.header("Conference-Name"));
      }
    }
    return Future.succeededFuture();
  }

  Future<Void> onSofiaEvents(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      FsEvent event = decode(record);
      if (event == null || event.node() == null || event.subclass() == null) {
        continue;
      }
      String gateway = event.header("Gateway");
      if (gateway == null || !gateway.startsWith(gatewayPrefix)) {
        continue;
      }
      String room = gateway.substring(gatewayPrefix.length());
      boolean deleted = event.subclass().equals("sofia::gateway_delete");
      if (deleted) {
        lanes.apply(event.node()).oldGatewayEvent(gateway, true);
      } else if (event.subclass().equals("sofia::gateway_state")) {
        String state = event.header("State");
        if (state == null
            || state.equals("DOWN") && lanes.apply(event.node()).oldGatewayEvent(gateway, false)) {
          continue;
        }
        registrations.state(
            room, event.node(), state, status(event.header("Status")), event.header("Phrase"));
      }
    }
    return Future.succeededFuture();
  }

  void created(String node, String room) {
    if (room == null || !roomPattern.matcher(room).matches()) {
      ignored.increment();
      return;
    }
    String name = renderer.gatewayName(room);
    if (!GATEWAY_NAME.matcher(name).matches()) {
      LOG.warn("room '{}' matches the room pattern but makes no valid gateway name", room);
      ignored.increment();
      return;
    }
    String profile = profileOf.apply(node);
    long now = clock.getAsLong();
    Long known = generations.get(node + "/" + room);
    long generation = registrations.created(room, node, profile, name, now);
    if (known != null && known == generation) {
      return; // a repeated create (replayed after a restart): the gateway is already on its way
    }
    generations.put(node + "/" + room, generation);
    RoomGateway gateway = renderer.render(room, profile, now);
    NodeWork work = new NodeWork(node, gateway, generation, now);
    lanes.apply(node).want(work);
    renewLater(work);
  }

  /** The room's gateway is gone from its node (FreeSWITCH lost it): written again. */
  void restore(String node, String room) {
    registrations
        .get(room)
        .filter(r -> r.node().equals(node))
        .ifPresent(
            r -> {
              NodeWork work =
                  new NodeWork(
                      node,
                      renderer.render(room, r.profile(), clock.getAsLong()),
                      r.generation(),
                      r.createdAt());
              lanes.apply(node).want(work);
              renewLater(work);
            });
  }

  /**
   * The credentials in {@code work}'s file expire after REGISTRAR_CREDENTIAL_LIFETIME, and the
   * registrar then refuses the gateway's refreshes: at half of it, the room's gateway is renewed.
   */
  private void renewLater(NodeWork work) {
    renewIn(work, renewAfter.toMillis());
  }

  private void renewIn(NodeWork work, long millis) {
    Long before = renewals.put(work.key(), vertx.setTimer(Math.max(1, millis), t -> renew(work)));
    if (before != null) {
      vertx.cancelTimer(before);
    }
  }

  /**
   * The room's gateway runs with credentials expiring at {@code expiresAtMillis} (a reconcile read
   * them from FreeSWITCH): renewed when they have half their lifetime left, at once if less.
   */
  void renewBefore(String node, String room, long expiresAtMillis) {
    Long generation = generations.get(node + "/" + room);
    registrations
        .get(room)
        .filter(r -> r.node().equals(node) && generation != null && r.generation() == generation)
        .ifPresent(
            r ->
                renewIn(
                    new NodeWork(
                        node,
                        renderer.render(room, r.profile(), clock.getAsLong()),
                        r.generation(),
                        -1),
                    expiresAtMillis - renewAfter.toMillis() - clock.getAsLong()));
  }

  private void renew(NodeWork old) {
    renewals.remove(old.key());
    if (!stillWanted(old)) {
      return;
    }
    registrations
        .get(old.gateway().room())
        .filter(r -> r.node().equals(old.node()) && r.generation() == old.generation())
        .ifPresent(
            r -> {
              // Untimed (createdAt -1): a renewal is no room's create-to-file-written.
              NodeWork work =
                  new NodeWork(
                      old.node(),
                      renderer.render(r.room(), r.profile(), clock.getAsLong()),
                      r.generation(),
                      -1);
              renewed.increment();
              lanes.apply(old.node()).renew(work);
              renewLater(work);
            });
  }

  void destroyed(String node, String room) {
    if (room == null || !roomPattern.matcher(room).matches()) {
      return;
    }
    String name = renderer.gatewayName(room);
    String profile = profileOf.apply(node);
    generations.remove(node + "/" + room);
    Long renewal = renewals.remove(node + "/" + room);
    if (renewal != null) {
      vertx.cancelTimer(renewal);
    }
    lanes.apply(node).unwant(name, profile, renderer.path(profile, name));
    registrations.destroyed(room, node);
  }

  @Override
  public boolean stillWanted(NodeWork work) {
    return generations.getOrDefault(work.key(), -1L) == work.generation();
  }

  @Override
  public void failed(NodeWork work, String error) {
    registrations.commandFailed(work.gateway().room(), work.node(), work.generation(), error);
  }

  private FsEvent decode(ConsumerRecord<String, byte[]> record) {
    try {
      return Json.decode(record.value(), FsEvent.class);
    } catch (EnvelopeException e) {
      unreadable.increment();
      return null;
    }
  }

  private static int status(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
