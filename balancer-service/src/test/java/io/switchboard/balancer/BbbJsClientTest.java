package io.switchboard.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bigbluebutton-js (npm), a BBB API client written independently of this project, against a
 * balancer in front of two simulated servers: create, join link, getMeetings, getMeetingInfo,
 * isMeetingRunning, end. Runs src/test/js/client-test.js with node after {@code npm ci}.
 */
@ExtendWith(KafkaExtension.class)
class BbbJsClientTest {
  private static final Path SOURCES = Path.of("src", "test", "js");
  private static final Path WORK = Path.of("target", "bbb-js");

  @Test
  void anIndependentClientDrivesTheBalancer(KafkaBroker broker) throws Exception {
    prepare();
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      Run run =
          run(
              List.of(
                  "node",
                  "client-test.js",
                  f.first().base() + "/bigbluebutton",
                  BalancerFixture.SECRET));
      assertEquals(0, run.code(), run.output());
      for (String step :
          List.of(
              "create",
              "voiceBridge",
              "join",
              "getMeetings",
              "getMeetingInfo",
              "isMeetingRunning",
              "end",
              "gone")) {
        assertTrue(run.output().contains("ok " + step + "\n"), step + " in:\n" + run.output());
      }
      String meeting =
          run.output()
              .lines()
              .filter(l -> l.startsWith("meeting "))
              .findFirst()
              .orElseThrow()
              .substring(8);
      String location =
          run.output().lines().filter(l -> l.startsWith("location ")).findFirst().orElseThrow();
      assertTrue(location.contains(a.apiUrl()) || location.contains(b.apiUrl()), location);
      assertTrue(
          a.calls("create").size() + b.calls("create").size() == 1,
          "created once on one server: " + meeting);
    }
  }

  /** Copies the script and its lock file under target/ and installs exactly the locked packages. */
  private static void prepare() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    for (String name : List.of("package.json", "package-lock.json", "client-test.js")) {
      Files.copy(SOURCES.resolve(name), WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
    assertEquals(0, install.code(), "npm ci failed:\n" + install.output());
  }

  private record Run(int code, String output) {}

  private static Run run(List<String> command) throws IOException, InterruptedException {
    // Output goes to a file so that a hung process cannot block the read: waitFor's limit holds.
    Path log = WORK.resolve(command.get(0) + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(WORK.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return finished ? new Run(process.exitValue(), output) : new Run(-1, output + "\n(timed out)");
  }
}
