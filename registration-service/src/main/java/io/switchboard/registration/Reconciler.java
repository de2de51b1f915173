package io.switchboard.registration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.Json;
import io.switchboard.bus.NodeState;
import io.switchboard.bus.SipRegistration;
import io.switchboard.registration.node.CommandChannel;
import io.switchboard.registration.node.NodeLane;
import io.switchboard.registration.node.NodeListings;
import io.switchboard.registration.state.Registrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Makes each node's registrations converge after anything restarted (this service, a gateway,
 * FreeSWITCH) or an event was lost: it asks the node which rooms run ({@code conference list}) and
 * which gateways FreeSWITCH has ({@code sofia status gateway}), then registers live rooms that have
 * none, re-creates a gateway FreeSWITCH lost, seeds the state of gateways it finds, and removes
 * registrations and gateways of rooms that no longer run there. It runs for a node when its gateway
 * (re)connects, as {@code fs.nodes} says, and for every connected node each interval. A node with
 * work in flight is left for the next round, and a registration younger than the listing is never
 * taken for stale. Runs on the service's context.
 */
final class Reconciler {
  private final CommandChannel commands;
  private final Rooms rooms;
  private final Registrations registrations;
  private final Function<String, NodeLane> lanes;
  private final Pattern roomPattern;
  private final String prefix;
  private final LongSupplier clock;
  private final Map<String, Boolean> connected = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private final Counter runs;
  private final Counter corrections;

  Reconciler(
      RegistrationConfig config,
      CommandChannel commands,
      Rooms rooms,
      Registrations registrations,
      Function<String, NodeLane> lanes,
      LongSupplier clock,
      MeterRegistry registry) {
    this.commands = commands;
    this.rooms = rooms;
    this.registrations = registrations;
    this.lanes = lanes;
    this.roomPattern = config.roomPattern();
    this.prefix = config.gatewayPrefix();
    this.clock = clock;
    this.runs =
        Counter.builder("switchboard_registration_reconcile_runs_total")
            .description("nodes reconciled")
            .register(registry);
    this.corrections =
        Counter.builder("switchboard_registration_reconcile_corrections_total")
            .description("registrations a reconcile made, re-made or removed")
            .register(registry);
  }

  /** Follows {@code fs.nodes}: a node whose gateway (re)connects gets its work and a reconcile. */
  Future<Void> onNodeStates(Vertx vertx, List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.value() == null || record.key() == null) {
        continue;
      }
      NodeState state;
      try {
        state = Json.decode(record.value(), NodeState.class);
      } catch (EnvelopeException e) {
        continue;
      }
      Boolean was = connected.put(record.key(), state.connected());
      if (state.connected() && !Boolean.TRUE.equals(was)) {
        lanes.apply(record.key()).nudge();
        // The gateway's command consumer may still be joining its group: a moment's grace.
        vertx.setTimer(1000, t -> reconcile(record.key()));
      }
    }
    return Future.succeededFuture();
  }

  /** Every connected node, one round. */
  void reconcileAll() {
    connected.forEach(
        (node, up) -> {
          if (up) {
            reconcile(node);
          }
        });
  }

  void reconcile(String node) {
    if (!lanes.apply(node).idle() || !running.add(node)) {
      return;
    }
    long asked = clock.getAsLong();
    commands
        .api(node, "conference list")
        .compose(
            list ->
                commands
                    .api(node, "sofia status gateway")
                    .map(
                        status -> {
                          if (answered(list) && answered(status) && lanes.apply(node).idle()) {
                            runs.increment();
                            compare(node, asked, list.reply(), status.reply());
                          }
                          return null;
                        }))
        .onComplete(ar -> running.remove(node));
  }

  private static boolean answered(CommandResult result) {
    return result.status() == CommandResult.Status.OK && result.reply() != null;
  }

  private void compare(String node, long asked, String list, String status) {
    Set<String> live =
        NodeListings.conferences(list).stream()
            .filter(room -> roomPattern.matcher(room).matches())
            .collect(Collectors.toSet());
    Map<String, Long> expiries = NodeListings.credentialExpiries(status);
    Map<String, String> gateways = new HashMap<>();
    NodeListings.gateways(status)
        .forEach(
            (name, state) -> {
              if (name.startsWith(prefix)) {
                gateways.put(name.substring(prefix.length()), state);
              }
            });
    for (String room : live) {
      SipRegistration r = registrations.get(room).orElse(null);
      if (r == null) {
        rooms.created(node, room);
        Long expiry = expiries.get(prefix + room);
        if (gateways.containsKey(room) && expiry != null) {
          // Found running (this service restarted): FreeSWITCH keeps the credentials it has,
          // not the file just written, so their renewal is timed from their own expiry.
          rooms.renewBefore(node, room, expiry * 1000);
        }
        corrections.increment();
      } else if (r.node().equals(node) && !gateways.containsKey(room)) {
        rooms.restore(node, room);
        corrections.increment();
      } else if (r.node().equals(node) && r.state().equals("PENDING")) {
        registrations.state(room, node, gateways.get(room), 0, null);
      }
    }
    for (SipRegistration r : List.copyOf(registrations.all())) {
      if (r.node().equals(node) && !live.contains(r.room()) && r.createdAt() < asked) {
        rooms.destroyed(node, r.room());
        corrections.increment();
      }
    }
    for (String room : gateways.keySet()) {
      boolean ours =
          registrations.get(room).filter(r -> r.node().equals(node)).isPresent()
              || lanes.apply(node).placedGateways().containsKey(prefix + room);
      if (!live.contains(room) && !ours) {
        rooms.destroyed(node, room);
        corrections.increment();
      }
    }
  }
}
