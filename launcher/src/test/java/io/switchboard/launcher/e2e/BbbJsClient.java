package io.switchboard.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testkit.kamailio.Kamailio;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * bigbluebutton-js (npm), a BBB API client written independently of this project, one call per node
 * process (src/test/js/e2e-client.js). It is installed with {@code npm ci} from the balancer's
 * locked package files, as balancer-service's BbbJsClientTest installs it.
 */
final class BbbJsClient {
  private static final Path PACKAGE = Path.of("..", "balancer-service", "src", "test", "js");
  private static final Path SCRIPT = Path.of("src", "test", "js", "e2e-client.js");

  private final Path work;
  private final String base;
  private final String secret;

  private BbbJsClient(Path work, String base, String secret) {
    this.work = work;
    this.base = base;
    this.secret = secret;
  }

  /**
   * Installs the client under {@code work}; {@code base} is e.g. http://host/demo/bigbluebutton.
   */
  static BbbJsClient install(Path work, String base, String secret) throws Exception {
    Kamailio.installed("node");
    Kamailio.installed("npm");
    Files.createDirectories(work);
    for (String name : List.of("package.json", "package-lock.json")) {
      Files.copy(PACKAGE.resolve(name), work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.copy(SCRIPT, work.resolve("e2e-client.js"), StandardCopyOption.REPLACE_EXISTING);
    BbbJsClient client = new BbbJsClient(work, base, secret);
    Run install = client.run(List.of("npm", "ci", "--no-audit", "--no-fund"));
    assertEquals(0, install.code(), "npm ci failed:\n" + install.output());
    return client;
  }

  /** One call: create, join (with the user's name), info, move or end; the answer as JSON. */
  JsonObject call(String step, String meetingId, String... fullName) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("node", "e2e-client.js", base, secret, step, meetingId));
    command.addAll(List.of(fullName));
    Run run = run(command);
    String last = run.output().strip().lines().reduce((a, b) -> b).orElse("");
    assertEquals(0, run.code(), step + " failed:\n" + run.output());
    return new JsonObject(last);
  }

  private record Run(int code, String output) {}

  private Run run(List<String> command) throws IOException, InterruptedException {
    // Output goes to a file so that a hung process cannot block the read: waitFor's limit holds.
    Path log = work.resolve(command.get(0) + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return finished ? new Run(process.exitValue(), output) : new Run(-1, output + "\n(timed out)");
  }
}
