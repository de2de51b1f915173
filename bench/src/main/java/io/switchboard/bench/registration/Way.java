package io.switchboard.bench.registration;

import io.switchboard.bench.registration.RegistrationLoadRun.Phase;
import io.switchboard.registration.gateway.GatewayRenderer;
import io.switchboard.testkit.kamailio.Kamailio;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One way of registering rooms (the service's, or fsconfregger's), driven through the simulated
 * nodes and measured from the bus. Rooms of a phase are numbered {@code prefix}00000.., created
 * round-robin on the nodes.
 *
 * @param id one digit that tells this way's warm-up rooms from the other's
 * @param issuer who issues this way's commands on fs.commands
 */
record Way(
    String id,
    String issuer,
    GatewayRenderer renderer,
    Kamailio kamailio,
    List<BenchNode> nodes,
    RegistrationObserver observer) {

  /**
   * Unmeasured rounds before the measured rooms, each as many rooms as measured, registered and
   * then ended. The run's one JVM holds the broker, the nodes, their gateways and the service, and
   * the JIT compiles each of them while the first thousands of rooms go through (a service that has
   * run for a day has long done so); with a single round of a quarter as many rooms, the compiler
   * threads still took about a third of the CPU while the measured rooms were created, and with
   * three the rounds' p99 was still falling (1.6 s, 0.35-0.8 s, 0.5 s, 0.3-0.65 s, 0.26-0.4 s,
   * 0.22-0.3 s in the first six rounds of two runs), so there are six; each round's p99 is printed.
   * Ending the rooms leaves the nodes as the measured rooms find them on a fresh node: no gateway
   * files for each rescan to read again.
   */
  static final int WARM_UP_ROUNDS = 6;

  void warmUp(int rooms) {
    StringBuilder p99s = new StringBuilder();
    for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
      String prefix = "6" + id + round;
      Phase phase = measure(prefix, rooms);
      end(prefix, rooms);
      p99s.append(String.format(" %,d", RegistrationLoadRun.pct(phase.toFile(), 0.99)));
    }
    System.out.println(issuer + " warm-up rounds, create -> file written p99 ms:" + p99s);
  }

  /**
   * Creates {@code rooms} rooms evenly within one second and waits (at most {@link
   * RegistrationLoadRun#PHASE_LIMIT}) until each is REGED and bound.
   */
  Phase measure(String prefix, int rooms) {
    int rescansBefore = observer.rescans();
    long phaseStart = System.currentTimeMillis();
    // Counted before the first create: the first rooms may be bound within the creating second.
    long contactsBefore = kamailio.contacts();
    Map<String, Long> created = new LinkedHashMap<>();
    Map<String, Long> createdRooms = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < rooms; i++) {
      LockSupport.parkNanos(
          start + TimeUnit.MILLISECONDS.toNanos(i * 1000L / rooms) - System.nanoTime());
      String room = room(prefix, i);
      long now = System.currentTimeMillis();
      created.put(renderer.gatewayName(room), now);
      createdRooms.put(room, now);
      node(i).fs().createConferenceSoon(room);
    }
    long createdIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    long deadline = System.nanoTime() + RegistrationLoadRun.PHASE_LIMIT.toNanos();
    int bindings = 0;
    long allReged = -1;
    while (System.nanoTime() < deadline) {
      if (allReged < 0
          && created.keySet().stream().allMatch(g -> observer.reged().containsKey(g))) {
        allReged = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
      bindings = (int) (kamailio.contacts() - contactsBefore);
      if (allReged >= 0 && bindings == rooms) {
        break;
      }
      pause();
    }
    return new Phase(
        rooms,
        createdIn,
        observer.rescans() - rescansBefore,
        RegistrationObserver.since(createdRooms, observer.createsRead()),
        RegistrationObserver.since(created, observer.filesSent()),
        RegistrationObserver.since(created, observer.filesWritten()),
        RegistrationObserver.since(created, observer.reged()),
        bindings,
        allReged,
        "",
        observer.commandMillis(issuer, phaseStart, false, false),
        observer.commandMillis(issuer, phaseStart, true, true),
        observer.putMillis(issuer, phaseStart));
  }

  /**
   * Ends the rooms of {@code prefix} and waits until no node has their gateways or files and
   * Kamailio none of their bindings.
   *
   * @throws IllegalStateException if that is not so within {@link RegistrationLoadRun#PHASE_LIMIT}
   */
  void end(String prefix, int rooms) {
    long contacts = kamailio.contacts();
    for (int i = 0; i < rooms; i++) {
      node(i).fs().destroyConference(room(prefix, i));
    }
    Set<String> gateways =
        IntStream.range(0, rooms)
            .mapToObj(i -> renderer.gatewayName(room(prefix, i)))
            .collect(Collectors.toSet());
    long deadline = System.nanoTime() + RegistrationLoadRun.PHASE_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (nodes.stream().noneMatch(n -> n.holdsAny(gateways))
          && kamailio.contacts() <= contacts - rooms) {
        return;
      }
      pause();
    }
    throw new IllegalStateException(issuer + " did not end the rooms " + prefix + "00000..");
  }

  private BenchNode node(int room) {
    return nodes.get(room % nodes.size());
  }

  private static String room(String prefix, int i) {
    return String.format("%s%05d", prefix, i);
  }

  private static void pause() {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
  }
}
