package io.switchboard.testkit.kafka;

/** A broker someone else runs; this object neither starts nor stops it. */
final class ExternalKafka implements KafkaBroker {

  private final String bootstrapServers;

  ExternalKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public String kind() {
    return "external";
  }

  @Override
  public void close() {
    // Not ours to stop.
  }

  @Override
  public String toString() {
    return "external Kafka at " + bootstrapServers;
  }
}
