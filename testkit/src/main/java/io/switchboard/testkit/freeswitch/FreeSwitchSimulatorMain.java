package io.switchboard.testkit.freeswitch;

import java.nio.file.Path;
import java.time.Duration;
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
      DemoActivity.start(simulator);
    }
    stop.await();
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
