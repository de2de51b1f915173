package io.switchboard.testkit.kafka;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft cluster (one combined broker and controller) inside this JVM, built with
 * Kafka's own test kit. Its listener sockets are bound before the servers start, so there is no
 * window in which another process can take the port. Data lives in a temporary directory that is
 * deleted on {@link #close()}.
 */
public final class InProcessKafka implements KafkaBroker {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessKafka.class);

  static final String CLIENT_LISTENER = "CLIENT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaClusterTestKit cluster;

  private InProcessKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a broker and returns once it is registered, unfenced and able to serve clients. */
  public static InProcessKafka start() {
    return start(Map.of());
  }

  /**
   * @param brokerProperties broker properties that override the test kit's, e.g. extra listeners
   *     (the test kit leaves listener settings given here alone)
   */
  static InProcessKafka start(Map<String, String> brokerProperties) {
    long started = System.nanoTime();
    KafkaClusterTestKit cluster = null;
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder(productionBootstrapMetadata())
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBrokerListenerName(ListenerName.normalised(CLIENT_LISTENER))
              .setControllerListenerName(ListenerName.normalised(CONTROLLER_LISTENER))
              .build();
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
      SingleNodeSettings.brokerProperties().forEach(builder::setConfigProp);
      // The test kit turns unstable API and feature versions on; our services run against
      // released brokers, so tests must not negotiate anything a release would refuse.
      builder.setConfigProp("unstable.api.versions.enable", "false");
      builder.setConfigProp("unstable.feature.versions.enable", "false");
      brokerProperties.forEach(builder::setConfigProp);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      InProcessKafka kafka = new InProcessKafka(cluster);
      LOG.info(
          "In-process KRaft broker ready at {} in {} ms",
          kafka.bootstrapServers(),
          (System.nanoTime() - started) / 1_000_000);
      return kafka;
    } catch (Exception e) {
      if (cluster != null) {
        closeQuietly(cluster);
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not start the in-process Kafka broker", e);
    }
  }

  /**
   * What a released broker formats with: the latest production metadata version and its default
   * features.
   */
  private static BootstrapMetadata productionBootstrapMetadata() {
    MetadataVersion version = MetadataVersion.latestProduction();
    Map<String, Short> features = new TreeMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      features.put(feature.featureName(), feature.defaultLevel(version));
    }
    return BootstrapMetadata.fromVersions(version, features, "switchboard testkit");
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * The port the broker actually bound for {@code listener}, which may have been configured as 0.
   */
  int boundPort(String listener) {
    return cluster
        .brokers()
        .values()
        .iterator()
        .next()
        .boundPort(ListenerName.normalised(listener));
  }

  @Override
  public String kind() {
    return "in-process";
  }

  @Override
  public void close() {
    closeQuietly(cluster);
  }

  private static void closeQuietly(KafkaClusterTestKit cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warn("In-process Kafka broker did not shut down cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "in-process Kafka at " + bootstrapServers();
  }
}
