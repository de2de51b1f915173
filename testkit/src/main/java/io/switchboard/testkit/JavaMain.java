package io.switchboard.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a main class in a JVM of its own, on this JVM's class path: a service
 * started as it is deployed, or a client beside neither, from a test or a load run.
 */
public final class JavaMain {
  private JavaMain() {}

  /**
   * {@code java <jvmOptions> -cp <class path> <mainClass> <args>}. The class path is surefire's
   * test class path where surefire runs (its {@code java.class.path} may be a manifest-only jar),
   * else this JVM's.
   */
  public static List<String> command(String mainClass, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
