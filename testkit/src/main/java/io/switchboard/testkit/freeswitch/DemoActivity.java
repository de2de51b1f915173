package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Life for a demo: callers join, talk in and leave a few rooms of a simulator, about once a second,
 * so that conference events keep flowing.
 */
public final class DemoActivity implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoActivity.class);
  private final FreeSwitchSimulator simulator;
  private final List<String> rooms;
  private final Random random = new Random();
  private final List<Member> members = new ArrayList<>();
  private final ScheduledExecutorService timer;

  private record Member(String room, int id) {}

  private DemoActivity(FreeSwitchSimulator simulator, List<String> rooms) {
    this.simulator = simulator;
    this.rooms = List.copyOf(rooms);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-activity-" + simulator.port());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts activity in rooms activity-1 to activity-3: names no voice bridge can have, so a meeting
   * the balancer places on this node never shares its conference with the demo callers.
   */
  public static DemoActivity start(FreeSwitchSimulator simulator) {
    return start(simulator, List.of("activity-1", "activity-2", "activity-3"));
  }

  public static DemoActivity start(FreeSwitchSimulator simulator, List<String> rooms) {
    if (rooms.isEmpty()) {
      throw new IllegalArgumentException("demo activity needs at least one room");
    }
    DemoActivity activity = new DemoActivity(simulator, rooms);
    activity.timer.scheduleWithFixedDelay(activity::step, 1, 1, TimeUnit.SECONDS);
    return activity;
  }

  private void step() {
    try {
      act();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: say why rather than fall silent.
      LOG.warn("demo activity on simulator port {}: {}", simulator.port(), e.toString());
    }
  }

  private void act() {
    String room = rooms.get(random.nextInt(rooms.size()));
    if (members.size() < 2 * rooms.size() || random.nextBoolean()) {
      int id =
          simulator.addMember(
              room, "Caller " + random.nextInt(100), "+49301234" + random.nextInt(1000));
      members.add(new Member(room, id));
    } else {
      Member leaving = members.remove(random.nextInt(members.size()));
      simulator.removeMember(leaving.room(), leaving.id());
    }
    if (!members.isEmpty()) {
      Member speaker = members.get(random.nextInt(members.size()));
      simulator.startTalking(speaker.room(), speaker.id());
      simulator.stopTalking(speaker.room(), speaker.id());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
