package io.switchboard.kafka;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its description at an interval (on a worker thread) so that readiness can
 * say whether Kafka answers now, not whether it answered at start-up.
 */
public final class KafkaHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);

  private final Vertx vertx;
  private final Admin admin;
  private final long timer;
  private volatile boolean up;

  public KafkaHealth(Vertx vertx, KafkaSettings settings, Duration interval) {
    this.vertx = vertx;
    java.util.Properties props = settings.clientProperties();
    props.putIfAbsent("request.timeout.ms", "5000");
    props.putIfAbsent("default.api.timeout.ms", "5000");
    this.admin = Admin.create(props);
    this.timer = vertx.setPeriodic(0, interval.toMillis(), t -> probe());
  }

  private void probe() {
    vertx
        .executeBlocking(
            () -> {
              admin
                  .describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                  .clusterId()
                  .get(6, TimeUnit.SECONDS);
              return true;
            },
            false)
        .onComplete(
            ar -> {
              boolean now = ar.succeeded();
              if (now != up) {
                if (now) {
                  LOG.info("Kafka answers");
                } else {
                  LOG.warn(
                      "Kafka does not answer: {}",
                      ar.cause() == null ? "?" : ar.cause().toString());
                }
              }
              up = now;
            });
  }

  public boolean up() {
    return up;
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    admin.close(Duration.ofSeconds(2));
  }
}
