package io.switchboard.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A dedicated in-process broker that clients reach only through a {@link TcpProxy}, so a test can
 * take Kafka away from its clients and give it back. The broker, its data and its consumer-group
 * state stay alive throughout: after {@link #restore()} producers deliver what they buffered and
 * consumers continue where they were, which is the recovery a gateway must survive.
 *
 * <p>The broker advertises the proxy's address on the listener clients use, so the connections a
 * client opens after reading metadata go through the proxy too. A second listener bypasses the
 * proxy ({@link #directBootstrapServers()}) for test setup and for checking what reached the broker
 * while the path was cut.
 *
 * <p>What clients see is what they would see if the broker's process died: see {@link TcpProxy}.
 * One consequence worth knowing: a Kafka 4 producer left at {@code
 * metadata.recovery.strategy=rebootstrap} (the default) drops its metadata as soon as no broker
 * answers, and from then on each {@code send()} blocks its caller for up to {@code max.block.ms}
 * until Kafka is back. A producer that must keep accepting records during the outage sets {@code
 * metadata.recovery.strategy=none}.
 */
public final class InterruptibleKafka implements KafkaBroker {

  private static final String PROXIED_LISTENER = "PROXIED";

  private final InProcessKafka broker;
  private final TcpProxy proxy;

  private InterruptibleKafka(InProcessKafka broker, TcpProxy proxy) {
    this.broker = broker;
    this.proxy = proxy;
  }

  /** Starts a new broker (a few seconds) and its proxy. */
  public static InterruptibleKafka start() {
    AtomicReference<InetSocketAddress> brokerAddress = new AtomicReference<>();
    TcpProxy proxy;
    try {
      proxy = TcpProxy.start(brokerAddress::get);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the proxy in front of Kafka", e);
    }
    try {
      String client = InProcessKafka.CLIENT_LISTENER;
      String controller = InProcessKafka.CONTROLLER_LISTENER;
      String proxyHost = proxy.address().getAddress().getHostAddress();
      InProcessKafka broker =
          InProcessKafka.start(
              Map.of(
                  "listeners",
                      client
                          + "://localhost:0,"
                          + controller
                          + "://localhost:0,"
                          + PROXIED_LISTENER
                          + "://"
                          + proxyHost
                          + ":0",
                  "listener.security.protocol.map",
                      client
                          + ":PLAINTEXT,"
                          + controller
                          + ":PLAINTEXT,"
                          + PROXIED_LISTENER
                          + ":PLAINTEXT",
                  // Port 0 on the direct listener is replaced by the bound port when the broker
                  // registers.
                  "advertised.listeners",
                      client
                          + "://localhost:0,"
                          + PROXIED_LISTENER
                          + "://"
                          + proxyHost
                          + ":"
                          + proxy.port()));
      brokerAddress.set(new InetSocketAddress(proxyHost, broker.boundPort(PROXIED_LISTENER)));
      return new InterruptibleKafka(broker, proxy);
    } catch (RuntimeException e) {
      proxy.close();
      throw e;
    }
  }

  /** Through the proxy: what the clients under test must use. */
  @Override
  public String bootstrapServers() {
    InetSocketAddress address = proxy.address();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Straight to the broker, unaffected by {@link #cut()}. */
  public String directBootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Creates the topic over the direct path, so it works while the proxy is cut. */
  @Override
  public void createTopic(String name, int partitions, boolean compacted) {
    TopicCreator.create(directBootstrapServers(), name, partitions, compacted);
  }

  /** Breaks every client connection and refuses new ones; the broker keeps running. */
  public void cut() {
    proxy.cut();
  }

  /** Lets clients reconnect. */
  public void restore() {
    proxy.restore();
  }

  public boolean isCut() {
    return proxy.isCut();
  }

  @Override
  public String kind() {
    return broker.kind();
  }

  @Override
  public void close() {
    proxy.close();
    broker.close();
  }

  @Override
  public String toString() {
    return "interruptible Kafka at "
        + bootstrapServers()
        + " (direct "
        + directBootstrapServers()
        + ")"
        + (isCut() ? ", cut" : "");
  }
}
