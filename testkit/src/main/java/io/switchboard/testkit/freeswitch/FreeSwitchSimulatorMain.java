package io.switchboard.testkit.freeswitch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator on its own, for the demo and for load runs:
 * {@code --port 8021 --password ClueCon --conf-dir DIR --hostname NAME --heartbeat 20s --demo}.
 * With {@code --demo}, callers keep joining, talking in and leaving a few rooms.
 */
public final class FreeSwitchSimulatorMain {
  private FreeSwitchSimulatorMain() { }

  public static void main(String[] args) throws InterruptedException {
    SimulatorOptions options = SimulatorOptions.defaults().withPort(8021);
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> options = options.withPort(Integer.parseInt(require(args[i], value)));
        case "--password" -> options = options.withPassword(require(args[i], value));
        case "--conf-dir" -> options = options.withConfigurationDir(Path.of(require(args[i], value)));
        case "--hostname" -> options = options.withHostname(require(args[i], value));
        case "--heartbeat" -> options = options.withHeartbeatInterval(
            Duration.ofSeconds(Long.parseLong(require(args[i], value).replace("s", ""))));
        case "--demo" -> {
          demo = true;
          continue;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (use --port, --password, --conf-dir, --hostname, --heartbeat, --demo)");
      }
      i++;
    }
    FreeSwitchSimulator simulator = FreeSwitchSimulator.start(options);
    System.out.println("FreeSWITCH simulator listening on " + options.host() + ":" + simulator.port());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stop.countDown();
    }));
    if (demo) {
      new DemoActivity(simulator).run(stop);
    }
    stop.await();
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  /** A few rooms with callers coming, talking and going, every second or so. */
  static final class DemoActivity {
    private final FreeSwitchSimulator simulator;
    private final Random random = new Random();

    DemoActivity(FreeSwitchSimulator simulator) {
      this.simulator = simulator;
    }

    void run(CountDownLatch stop) throws InterruptedException {
      java.util.List<int[]> members = new java.util.ArrayList<>();
      String[] rooms = {"72001", "72002", "72003"};
      while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
        int room = random.nextInt(rooms.length);
        if (members.size() < 6 || random.nextBoolean()) {
          int id = simulator.addMember(rooms[room], "Caller " + random.nextInt(100), "+49301234" + random.nextInt(1000));
          members.add(new int[] {room, id});
        } else if (!members.isEmpty()) {
          int[] m = members.remove(random.nextInt(members.size()));
          simulator.removeMember(rooms[m[0]], m[1]);
        }
        if (!members.isEmpty()) {
          int[] m = members.get(random.nextInt(members.size()));
          simulator.startTalking(rooms[m[0]], m[1]);
          simulator.stopTalking(rooms[m[0]], m[1]);
        }
      }
    }
  }
}
