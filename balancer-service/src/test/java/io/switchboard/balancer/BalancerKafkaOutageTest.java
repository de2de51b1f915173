package io.switchboard.balancer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.InterruptibleKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The balancer's state followers through a Kafka outage longer than the clients' API timeout: the
 * instance says it is not ready while it cannot follow, and follows again once Kafka is back. Also:
 * metrics and health answer on the management port, never on the public BBB API port.
 */
class BalancerKafkaOutageTest {

  @Test
  void theStateIsFollowedAgainAfterAnOutageAndReadinessSaidSoMeanwhile() throws Exception {
    try (InterruptibleKafka kafka = InterruptibleKafka.start();
        BalancerFixture f =
            new BalancerFixture(
                kafka.bootstrapServers(),
                Map.of(
                    "KAFKA_DEFAULT_API_TIMEOUT_MS", "3000", "KAFKA_REQUEST_TIMEOUT_MS", "2000"))) {
      f.startInstance();
      f.addServer("a");
      Await.until(() -> ready(f), "ready with an online server");

      kafka.cut();
      Await.until(() -> !ready(f), "not ready while Kafka is away", Duration.ofSeconds(30));
      String body = f.management("/health/ready").body();
      assertTrue(body.contains("\"state-follower\":\"DOWN\""), body);
      Thread.sleep(4000);
      assertEquals(
          503, f.management("/health/ready").statusCode(), "still not ready past the API timeout");

      kafka.restore();
      Await.until(() -> ready(f), "ready again", Duration.ofSeconds(60));
      f.addServer("b");
      assertTrue(
          f.first().balancer().state().server("b").isPresent(),
          "a record written after the outage is followed");
    }
  }

  @Test
  void metricsAndHealthAnswerOnlyOnTheManagementPort() throws Exception {
    try (InterruptibleKafka kafka = InterruptibleKafka.start();
        BalancerFixture f = new BalancerFixture(kafka.bootstrapServers())) {
      f.startInstance();
      HttpResponse<String> metrics = f.management("/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(
          metrics.body().contains("switchboard_balancer_kafka_follower_up"),
          "follower state is a metric");
      for (String path : new String[] {"/metrics", "/health/live", "/health/ready"}) {
        assertEquals(
            404,
            BalancerFixture.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(f.first().base() + path))
                        .GET())
                .statusCode(),
            path + " on the public port");
      }
    }
  }

  private static boolean ready(BalancerFixture f) {
    try {
      return f.management("/health/ready").statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
