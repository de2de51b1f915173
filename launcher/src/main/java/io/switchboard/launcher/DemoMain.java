package io.switchboard.launcher;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar launcher/target/launcher.jar [--traffic] [--config FILE]}: the demo until
 * Ctrl-C.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    Map<String, String> defaults = new HashMap<>(Demo.DEFAULTS);
    if (rest.remove("--traffic")) {
      defaults.put("DEMO_TRAFFIC", "true");
    }
    Demo demo;
    try {
      demo = Demo.start(Config.forProcess(rest.toArray(String[]::new), defaults));
    } catch (ConfigException e) {
      System.err.println("switchboard demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                },
                "demo-shutdown"));
    System.out.println("Switchboard demo running (Ctrl-C stops it):");
    demo.summary().forEach(line -> System.out.println("  " + line));
    stopped.await();
  }
}
