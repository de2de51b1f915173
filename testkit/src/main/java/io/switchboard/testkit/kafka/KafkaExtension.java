package io.switchboard.testkit.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test constructors and methods a {@link KafkaBroker} parameter: one broker per test JVM,
 * chosen by {@link KafkaBrokers#startForTests()} when a test first asks for it and stopped when
 * JUnit finishes (it lives in the root context's store, which closes it). Tests must not close it,
 * and since the broker outlives each test class, tests should use topic and group names of their
 * own.
 *
 * <pre>{@code
 * @ExtendWith(KafkaExtension.class)
 * class GatewayTest {
 *     @Test void publishes(KafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class KafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public KafkaBroker resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedBroker.class,
            key -> new SharedBroker(KafkaBrokers.startForTests()),
            SharedBroker.class)
        .broker();
  }

  /** JUnit closes {@link AutoCloseable} values of a store when the store's context ends. */
  private record SharedBroker(KafkaBroker broker) implements AutoCloseable {
    @Override
    public void close() {
      broker.close();
    }
  }
}
