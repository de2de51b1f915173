package io.switchboard.provisioning;

import io.switchboard.service.HealthProbe;
import io.switchboard.testkit.JavaMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real esl-gateway in a process of its own, started by its main as an operator would: services
 * never import each other, and a process can be killed to take a node's gateway away.
 */
final class GatewayProcess implements AutoCloseable {
  private static final String MAIN = "io.switchboard.gateway.EslGatewayMain";

  private final Process process;
  private final int managementPort;

  private GatewayProcess(Process process, int managementPort) {
    this.process = process;
    this.managementPort = managementPort;
    // A test JVM that ends without closing the fixture must not leave gateways running.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
  }

  /**
   * @param confDir the node's FreeSWITCH configuration folder, where file commands write
   */
  static GatewayProcess start(
      String node, String eslUrl, String bootstrap, Path confDir, Path dataDir, Path log)
      throws IOException {
    int managementPort = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(JavaMain.command(MAIN, List.of("-Xmx192m", "-XX:TieredStopAtLevel=1")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder
        .environment()
        .putAll(
            Map.ofEntries(
                Map.entry("NODE_ID", node),
                Map.entry("ESL_URL", eslUrl),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                Map.entry("HTTP_HOST", "127.0.0.1"),
                Map.entry("HTTP_PORT", "0"),
                Map.entry("MANAGEMENT_PORT", String.valueOf(managementPort)),
                Map.entry("DATA_DIR", dataDir.toString()),
                Map.entry("FS_CONF_DIR", confDir.toString()),
                Map.entry("FS_FILE_COMMANDS", "on"),
                Map.entry("COMMAND_SEAL_KEY", ClusterFixture.SEAL_KEY),
                Map.entry("FS_FILE_FOLDERS", "directory,dialplan,autoload_configs"),
                Map.entry("RECONNECT_MIN", "100ms"),
                Map.entry("RECONNECT_MAX", "1s"),
                Map.entry("TOPIC_PARTITIONS", "3")));
    return new GatewayProcess(builder.start(), managementPort);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Ready: connected to FreeSWITCH and Kafka, following fs.commands. */
  boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException("gateway exited with " + process.exitValue());
    }
    return HealthProbe.answersOk(
        URI.create("http://127.0.0.1:" + managementPort + "/health/ready"));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
