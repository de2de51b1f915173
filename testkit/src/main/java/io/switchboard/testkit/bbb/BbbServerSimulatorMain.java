package io.switchboard.testkit.bbb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs simulated BBB servers for the demo and load runs, until the process is stopped.
 *
 * <pre>
 * BbbServerSimulatorMain --secret S [--port 8090] [--servers 1] [--host 127.0.0.1] [--delay-ms 0]
 * </pre>
 *
 * Server i (from 0) listens on port + i and is named bbb-sim-i; each line printed on start-up reads
 * {@code <serverId> <apiUrl>} so a script can pick the URLs up.
 */
public final class BbbServerSimulatorMain {

  private BbbServerSimulatorMain() {}

  record Options(String host, int port, String secret, int servers, long delayMs) {

    static Options parse(String[] args) {
      String host = "127.0.0.1";
      int port = 8090;
      String secret = null;
      int servers = 1;
      long delayMs = 0;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--host" -> host = value;
          case "--port" -> port = number(name, value, 1, 65535);
          case "--secret" -> secret = value;
          case "--servers" -> servers = number(name, value, 1, 10_000);
          case "--delay-ms" -> delayMs = number(name, value, 0, 600_000);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + name
                      + " (known: --host, --port, --secret, --servers, --delay-ms)");
        }
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("--secret is required");
      }
      if ((long) port + servers - 1 > 65535) {
        throw new IllegalArgumentException(
            "--port " + port + " with --servers " + servers + " runs past port 65535");
      }
      return new Options(host, port, secret, servers, delayMs);
    }

    private static int number(String name, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          throw new IllegalArgumentException(
              name + " must be " + min + ".." + max + ", was " + value);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number, was " + value, e);
      }
    }

    BbbSimulatorConfig configFor(int index) {
      return BbbSimulatorConfig.builder(secret)
          .host(host)
          .port(port + index)
          .serverId("bbb-sim-" + index)
          .responseDelay(Duration.ofMillis(delayMs))
          .build();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    List<BbbServerSimulator> simulators = new ArrayList<>();
    List<Future<BbbServerSimulator>> started = new ArrayList<>();
    for (int i = 0; i < options.servers(); i++) {
      BbbServerSimulator simulator = new BbbServerSimulator(vertx, options.configFor(i));
      simulators.add(simulator);
      started.add(simulator.start());
    }
    try {
      Future.all(started).await();
    } catch (RuntimeException e) {
      System.err.println("could not start the simulators: " + e.getMessage());
      vertx.close().await();
      System.exit(1);
      return;
    }
    simulators.forEach(s -> System.out.println(s.serverId() + " " + s.apiUrl()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().await();
                  stopped.countDown();
                },
                "bbb-sim-shutdown"));
    stopped.await();
  }
}
