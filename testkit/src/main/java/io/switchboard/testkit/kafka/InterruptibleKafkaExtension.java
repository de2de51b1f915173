package io.switchboard.testkit.kafka;

import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link InterruptibleKafka} for one test class: started before its first test, set up (its
 * topics created) by the given step, and stopped after its last. Fault-injection tests cut and
 * restore this broker, so unlike {@link KafkaExtension}'s shared broker it belongs to one class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final InterruptibleKafkaExtension KAFKA =
 *     new InterruptibleKafkaExtension(k -> k.createTopic("events", 3, false));
 * ... KAFKA.broker().cut() ...
 * }</pre>
 */
public final class InterruptibleKafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private final Consumer<InterruptibleKafka> setup;
  private InterruptibleKafka broker;

  /** A broker set up by {@code setup} (e.g. creating topics) once it runs. */
  public InterruptibleKafkaExtension(Consumer<InterruptibleKafka> setup) {
    this.setup = setup;
  }

  /** A broker with no topics created in advance. */
  public InterruptibleKafkaExtension() {
    this(broker -> {});
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = InterruptibleKafka.start();
    setup.accept(broker);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    broker.close();
  }

  /** The running broker; only between the class's first and last test. */
  public InterruptibleKafka broker() {
    if (broker == null) {
      throw new IllegalStateException("the broker starts before the test class's first test");
    }
    return broker;
  }
}
