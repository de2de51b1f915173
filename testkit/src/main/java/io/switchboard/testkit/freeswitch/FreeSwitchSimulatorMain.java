package io.switchboard.testkit.freeswitch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator on its own, for the demo and for load runs: {@code --port 8021 --password
 * ClueCon --conf-dir DIR --hostname NAME --heartbeat 20s --sofia-tick-ms 1000 --demo}; {@code
 * --help} lists them. With {@code --demo}, callers keep joining, talking in and leaving a few
 * rooms.
 */
public final class FreeSwitchSimulatorMain {
  private FreeSwitchSimulatorMain() {}

  static final String USAGE =
      """
      usage: FreeSwitchSimulatorMain [options]
        --port N           event socket port (default 8021)
        --password PW      event socket password (default ClueCon)
        --conf-dir DIR     FreeSWITCH configuration folder, read from DIR/freeswitch.xml through its
                           X-PRE-PROCESS includes; a folder without freeswitch.xml gets BBB's layout
                           (gateways in DIR/sip_profiles/external/*.xml)
        --hostname NAME    FreeSWITCH-Hostname of the events (default fs-sim)
        --heartbeat Ns     HEARTBEAT period, 0s for none (default 20s)
        --acl NETS         apply-inbound-acl: comma-separated CIDRs, addresses or loopback.auto;
                           other clients get text/rude-rejection (default: everyone may connect)
        --sofia-tick-ms N  how often mod_sofia checks its gateways; also the length of a sofia
                           second (retry-seconds, timeout-seconds, expiry). FreeSWITCH's is 1000
        --demo             callers keep joining, talking in and leaving a few rooms
        --help             this text
      """;

  public static void main(String[] args) throws InterruptedException {
    SimulatorOptions options = SimulatorOptions.defaults().withPort(8021);
    boolean demo = false;
    List<String> acl = List.of();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> options = options.withPort(Integer.parseInt(require(args[i], value)));
        case "--password" -> options = options.withPassword(require(args[i], value));
        case "--conf-dir" ->
            options = options.withConfigurationDir(Path.of(require(args[i], value)));
        case "--hostname" -> options = options.withHostname(require(args[i], value));
        case "--heartbeat" ->
            options =
                options.withHeartbeatInterval(
                    Duration.ofSeconds(Long.parseLong(require(args[i], value).replace("s", ""))));
        case "--acl" -> {
          acl = List.of(require(args[i], value).split(","));
          // A bad entry fails here, before anything listens.
          InboundAcl.allowing(acl);
        }
        case "--sofia-tick-ms" ->
            options =
                options.withSofiaTick(Duration.ofMillis(Long.parseLong(require(args[i], value))));
        case "--demo" -> {
          demo = true;
          continue;
        }
        case "--help" -> {
          System.out.print(USAGE);
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
      i++;
    }
    FreeSwitchSimulator simulator = FreeSwitchSimulator.start(options);
    simulator.applyInboundAcl(acl);
    System.out.println(
        "FreeSWITCH simulator listening on " + options.host() + ":" + simulator.port());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
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
