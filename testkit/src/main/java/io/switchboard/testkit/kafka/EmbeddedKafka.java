package io.switchboard.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (combined broker and controller) in this JVM on a fixed loopback port,
 * for the all-in-one demo and for benchmarks: any client on this machine, the Kafka CLI tools
 * included, reaches it at {@code localhost:PORT}.
 *
 * <p>It runs the broker the way {@code kafka-server-start.sh} does ({@link KafkaRaftServer} over a
 * directory formatted like {@code kafka-storage.sh format} would), rather than through Kafka's test
 * kit, because the test kit always formats a fresh directory: a data directory given here is
 * formatted on first use and reused, topics and offsets included, on later runs.
 */
public final class EmbeddedKafka implements KafkaBroker {

  public static final int DEFAULT_PORT = 9092;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDirectory;
  private final boolean deleteOnClose;

  private EmbeddedKafka(
      KafkaRaftServer server, int port, Path dataDirectory, boolean deleteOnClose) {
    this.server = server;
    this.port = port;
    this.dataDirectory = dataDirectory;
    this.deleteOnClose = deleteOnClose;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings for {@link EmbeddedKafka}; {@link #start()} starts the broker. */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private Path dataDirectory;

    private Builder() {}

    /** The client port on 127.0.0.1; {@value EmbeddedKafka#DEFAULT_PORT} unless set. */
    public Builder port(int port) {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("Kafka port must be between 1 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Where the broker keeps its logs and metadata, created if missing and kept after {@link
     * EmbeddedKafka#close()}. Without one the broker uses a temporary directory that {@code
     * close()} deletes.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** Starts the broker and returns once it serves clients. */
    public EmbeddedKafka start() {
      return EmbeddedKafka.start(port, dataDirectory);
    }
  }

  private static EmbeddedKafka start(int port, Path givenDirectory) {
    requirePortFree(port);
    boolean temporary = givenDirectory == null;
    Path directory;
    try {
      directory =
          temporary
              ? Files.createTempDirectory("switchboard-kafka-")
              : Files.createDirectories(givenDirectory.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + givenDirectory, e);
    }
    long started = System.nanoTime();
    KafkaRaftServer server = null;
    try {
      int controllerPort = freeLoopbackPort();
      if (!Files.exists(directory.resolve(META_PROPERTIES))) {
        format(directory);
      }
      server =
          new KafkaRaftServer(
              new KafkaConfig(brokerProperties(port, controllerPort, directory), false),
              Time.SYSTEM);
      server.startup();
      LOG.info(
          "Embedded Kafka ready at localhost:{} in {} ms, data in {}{}",
          port,
          (System.nanoTime() - started) / 1_000_000,
          directory,
          temporary ? " (deleted on close)" : "");
      return new EmbeddedKafka(server, port, directory, temporary);
    } catch (Exception e) {
      if (server != null) {
        stop(server);
      }
      if (temporary) {
        deleteQuietly(directory);
      }
      throw new IllegalStateException(
          "could not start embedded Kafka on port " + port + " with data in " + directory, e);
    }
  }

  private static Map<String, String> brokerProperties(
      int port, int controllerPort, Path directory) {
    Map<String, String> props = new HashMap<>(SingleNodeSettings.brokerProperties());
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    // A static voter set (kraft.version 0) records no controller address in the metadata log,
    // so the controller may take a different free port on every run over the same directory.
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put(
        "listeners",
        CLIENT_LISTENER
            + "://127.0.0.1:"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", CLIENT_LISTENER + "://localhost:" + port);
    props.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put("log.dirs", directory.toString());
    return props;
  }

  /**
   * What {@code kafka-storage.sh format} does for a new single-node cluster with a static quorum;
   * without a release version it formats at the latest production metadata version.
   */
  private static void format(Path directory) throws Exception {
    LOG.info("Formatting new Kafka data directory {}", directory);
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(directory.toString()))
        .setMetadataLogDirectory(directory.toString())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .run();
  }

  /** Fails with a clear message instead of the broker's bind error deep inside startup. */
  private static void requirePortFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " on 127.0.0.1 is already in use (another Kafka running?)", e);
    }
  }

  /**
   * Another process could take this port between here and the controller binding it; the window is
   * a few milliseconds on a loopback port nobody asked for, which the demo can live with.
   */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  @Override
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public String kind() {
    return "in-process";
  }

  /** Stops the broker; deletes the data directory only if it was a temporary one. */
  @Override
  public void close() {
    stop(server);
    if (deleteOnClose) {
      deleteQuietly(dataDirectory);
    }
    LOG.info("Embedded Kafka on port {} stopped", port);
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void deleteQuietly(Path directory) {
    try {
      Utils.delete(directory.toFile());
    } catch (IOException e) {
      LOG.warn("Could not delete Kafka data directory {}", directory, e);
    }
  }

  @Override
  public String toString() {
    return "embedded Kafka at " + bootstrapServers() + " (data in " + dataDirectory + ")";
  }
}
