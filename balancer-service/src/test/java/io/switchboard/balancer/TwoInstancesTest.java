package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.MeetingRecord;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two balancers on one Kafka agree, and a restarted one rebuilds its state from the topics. */
@ExtendWith(KafkaExtension.class)
class TwoInstancesTest {

  @Test
  void concurrentCreatesOfOneMeetingEndUpOnOneServer(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance one = f.startInstance();
      BalancerFixture.Instance two = f.startInstance();
      List<BbbServerSimulator> sims = List.of(f.addServer("a"), f.addServer("b"), f.addServer("c"));
      for (int round = 0; round < 10; round++) {
        String id = "race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first =
            CompletableFuture.supplyAsync(() -> create(f, one, id, go));
        CompletableFuture<HttpResponse<String>> second =
            CompletableFuture.supplyAsync(() -> create(f, two, id, go));
        go.countDown();
        String bridgeOne = xml(first.get().body(), "voiceBridge");
        String bridgeTwo = xml(second.get().body(), "voiceBridge");
        assertEquals("SUCCESS", xml(first.get().body(), "returncode"), first.get().body());
        assertEquals("SUCCESS", xml(second.get().body(), "returncode"), second.get().body());
        assertEquals(bridgeOne, bridgeTwo, "both answers name one voice bridge");
        long holders = sims.stream().filter(s -> s.meeting(id).isPresent()).count();
        assertEquals(1, holders, id + " runs on exactly one server");
        String server = one.balancer().state().meeting(id).map(Meeting::serverId).orElseThrow();
        Await.until(
            () ->
                two.balancer()
                    .state()
                    .meeting(id)
                    .map(Meeting::serverId)
                    .filter(server::equals)
                    .isPresent(),
            "both instances agree on " + id);
      }
      assertEquals(10, sims.stream().mapToInt(s -> s.meetings().size()).sum());
      assertEquals(10, placements(one, two, "new"), "one winning claim per meeting");
      assertEquals(
          10,
          placements(one, two, "adopted") + placements(one, two, "existing"),
          "the other instance adopted the winner's placement (or found it already there)");

      // Compaction keeps the last record of each key: it must be the winner's placement.
      String topic = f.namespace + "." + Topics.BBB_MEETINGS;
      try (RecordCollector records =
          new RecordCollector(broker.bootstrapServers(), List.of(topic))) {
        for (int round = 0; round < 10; round++) {
          String id = "race-" + round;
          String winner = one.balancer().state().meeting(id).orElseThrow().record().writeId();
          Await.until(
              () -> {
                List<ConsumerRecord<String, byte[]>> all =
                    records.matching(r -> id.equals(r.key()));
                return !all.isEmpty()
                    && Json.decode(all.get(all.size() - 1).value(), MeetingRecord.class)
                        .writeId()
                        .equals(winner);
              },
              "last record of " + id + " is the winner's");
        }
      }
    }
  }

  @Test
  void distinctMeetingsGetDistinctVoiceBridgesAndSpreadOverThePool(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(), java.util.Map.of("BALANCER_VOICE_BRIDGE_DIGITS", "4"))) {
      BalancerFixture.Instance one = f.startInstance();
      BalancerFixture.Instance two = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        String id = "spread-" + i;
        BalancerFixture.Instance on = i % 2 == 0 ? one : two;
        all.add(CompletableFuture.supplyAsync(() -> create(f, on, id, go)));
      }
      go.countDown();
      Set<String> bridges = new HashSet<>();
      for (CompletableFuture<HttpResponse<String>> r : all) {
        assertEquals("SUCCESS", xml(r.get().body(), "returncode"), r.get().body());
        bridges.add(xml(r.get().body(), "voiceBridge"));
      }
      assertEquals(20, bridges.size(), "no two rooms share a number");
      assertTrue(
          a.meetings().size() >= 5 && b.meetings().size() >= 5,
          "creates spread: " + a.meetings().size() + " / " + b.meetings().size());
    }
  }

  @Test
  void aMeetingPlacedElsewhereAMomentAgoIsKnownAtOnce(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                KafkaSettings.of(broker.bootstrapServers()).reliableProducer("test-handover"))) {
      BalancerFixture.Instance one = f.startInstance();
      f.addServer("a");
      for (int i = 0; i < 20; i++) {
        String id = "handover-" + i;
        // Another instance's claim, acknowledged by Kafka just before a front end asks this one.
        MeetingRecord claim =
            new MeetingRecord(
                MeetingRecord.VERSION,
                id,
                "w-" + id,
                MeetingRecord.Kind.CLAIM,
                null,
                "a",
                "12345",
                1,
                "i-" + id,
                System.currentTimeMillis(),
                null,
                "elsewhere");
        producer
            .send(
                new ProducerRecord<>(
                    f.namespace + "." + Topics.BBB_MEETINGS, id, Json.encode(claim)))
            .get();
        HttpResponse<String> join =
            f.call(one, "join", "meetingID=" + id + "&fullName=Hal&role=VIEWER");
        assertEquals(302, join.statusCode(), id + " is known: " + join.body());
      }
      assertEquals(
          "notFound", xml(f.call(one, "getMeetingInfo", "meetingID=never").body(), "messageKey"));
    }
  }

  @Test
  void aRestartedInstanceRebuildsItsStateFromTheTopics(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance first = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      HttpResponse<String> created = f.call("create", "name=Kept&meetingID=kept");
      String bridge = xml(created.body(), "voiceBridge");
      f.admin("POST", "/admin/servers/a/cordon", null, BalancerFixture.TOKEN);
      f.stopInstance(first);

      BalancerFixture.Instance again = f.startInstance();
      assertEquals(
          "cordoned",
          again.balancer().state().server("a").orElseThrow().record().state().name().toLowerCase());
      assertEquals("a", again.balancer().state().meeting("kept").orElseThrow().serverId());
      assertEquals(
          bridge, again.balancer().state().meeting("kept").orElseThrow().record().voiceBridge());
      Await.until(() -> again.balancer().state().server("a").orElseThrow().isOnline(), "polled");
      HttpResponse<String> join = f.call("join", "meetingID=kept&fullName=Carol&role=VIEWER");
      assertEquals(302, join.statusCode(), join.body());
      assertTrue(join.headers().firstValue("Location").orElseThrow().startsWith(a.apiUrl()));
      HttpResponse<String> admin = f.admin("GET", "/admin/servers", null, BalancerFixture.TOKEN);
      assertTrue(
          admin.body().contains("\"id\":\"a\"") && !admin.body().contains(a.config().secret()),
          admin.body());
    }
  }

  private static double placements(
      BalancerFixture.Instance one, BalancerFixture.Instance two, String kind) {
    return List.of(one, two).stream()
        .map(
            i ->
                i.runtime()
                    .registry()
                    .find("switchboard.balancer.placements")
                    .tag("kind", kind)
                    .counter())
        .mapToDouble(c -> c == null ? 0 : c.count())
        .sum();
  }

  private static HttpResponse<String> create(
      BalancerFixture f, BalancerFixture.Instance on, String id, CountDownLatch go) {
    try {
      go.await();
      return f.call(on, "create", "name=Race&meetingID=" + id);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
