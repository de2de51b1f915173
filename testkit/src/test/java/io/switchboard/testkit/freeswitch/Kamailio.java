package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Kamailio run as a registrar on loopback (src/test/resources/kamailio/registrar.cfg): a
 * high UDP port, its own runtime folder under target/, its location table read over the binrpc
 * control socket with kamcmd. Where CI=true a missing Kamailio fails the test (.ci/run installs
 * it); elsewhere the test is skipped.
 */
final class Kamailio implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;

  private Kamailio(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static Kamailio start(String password)
      throws IOException, InterruptedException, URISyntaxException {
    Path binary = installed("kamailio");
    Path kamcmd = installed("kamcmd");
    Path dir = Path.of("target", "kamailio-" + UUID.randomUUID()).toAbsolutePath();
    Files.createDirectories(dir);
    Path cfg =
        Path.of(
            Objects.requireNonNull(Kamailio.class.getResource("/kamailio/registrar.cfg")).toURI());
    int port;
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      port = probe.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "-DD",
                "-E",
                "-f",
                cfg.toString(),
                "-Y",
                dir.toString(),
                "-P",
                dir.resolve("kamailio.pid").toString(),
                "-w",
                dir.toString(),
                "-A",
                "KAMAILIO_PORT=" + port,
                "-A",
                "KAMAILIO_PASSWORD=\"" + password + "\"",
                "-A",
                "KAMAILIO_CTL=\"unix:" + dir.resolve("ctl") + "\"")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("kamailio.log").toFile())
            .start();
    Kamailio kamailio = new Kamailio(process, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        fail(
            "kamailio exited with "
                + process.exitValue()
                + ": "
                + Files.readString(dir.resolve("kamailio.log")));
      }
      if (kamailio.tryRpc(kamcmd, "core.version") != null) {
        return kamailio;
      }
      if (System.nanoTime() > deadline) {
        kamailio.close();
        fail(
            "kamailio did not answer on its control socket: "
                + Files.readString(dir.resolve("kamailio.log")));
      }
      Thread.sleep(100);
    }
  }

  /** The binary from PATH or /usr/sbin; a failure on CI, a skip elsewhere, when absent. */
  private static Path installed(String name) {
    for (String folder :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(name + " is not installed; .ci/run installs Debian's kamailio package");
    }
    Assumptions.abort(name + " is not installed (apt-get install kamailio); skipped off CI");
    throw new AssertionError("unreachable");
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code kamcmd ul.dump}: the location table. */
  String locationTable() throws IOException, InterruptedException {
    String dump = tryRpc(installed("kamcmd"), "ul.dump");
    if (dump == null) {
      fail("ul.dump failed: " + Files.readString(dir.resolve("kamailio.log")));
    }
    return dump;
  }

  private String tryRpc(Path kamcmd, String command) throws IOException, InterruptedException {
    Process rpc =
        new ProcessBuilder(List.of(kamcmd.toString(), "-s", "unix:" + dir.resolve("ctl"), command))
            .redirectErrorStream(true)
            .start();
    byte[] out = rpc.getInputStream().readAllBytes();
    if (!rpc.waitFor(10, TimeUnit.SECONDS)) {
      rpc.destroyForcibly();
      return null;
    }
    return rpc.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
  }

  /** SIGTERM to the main process, which stops its children; then the rest by force. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    children.forEach(
        child -> {
          if (child.isAlive()) {
            child.destroyForcibly();
          }
        });
  }
}
