package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.kafka.KafkaSettings;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbRecording;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.contract.TopicContract;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.switchboard.testkit.kafka.RecordCollector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * move, getStatistics, rejoin, recordings across servers, conference events, and the topic
 * contract.
 */
@ExtendWith(KafkaExtension.class)
class MoveStatisticsAndEventsTest {

  @Test
  void moveAnswersLikeCreateAndRejoinFollowsTheMeeting(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      f.call("create", "name=Moved&meetingID=moved&moderatorPW=mp&attendeePW=ap");
      BbbServerSimulator from = a.meeting("moved").isPresent() ? a : b;
      BbbServerSimulator to = from == a ? b : a;
      HttpResponse<String> join = f.call("join", "meetingID=moved&fullName=Fay&password=ap");
      String cookie = join.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String internalId =
          f.first().balancer().state().meeting("moved").orElseThrow().record().internalId();

      HttpResponse<String> moved = f.call("move", "meetingID=moved&serverID=" + to.serverId());
      assertEquals("SUCCESS", xml(moved.body(), "returncode"), moved.body());
      assertEquals("moved", xml(moved.body(), "meetingID"));
      assertTrue(to.meeting("moved").isPresent() && from.meeting("moved").isEmpty());
      assertEquals(
          "ap",
          to.meeting("moved").orElseThrow().attendeePassword(),
          "created with the original parameters");
      assertEquals(
          internalId,
          f.first().balancer().state().meeting("moved").orElseThrow().record().internalId());

      HttpResponse<String> rejoin =
          BalancerFixture.send(
              HttpRequest.newBuilder(
                      URI.create(f.first().base() + "/bigbluebutton/api/rejoin?id=" + internalId))
                  .header("Cookie", cookie));
      assertEquals(302, rejoin.statusCode(), rejoin.body());
      String back = rejoin.headers().firstValue("Location").orElseThrow();
      assertTrue(back.startsWith(to.apiUrl() + "/join?") && back.contains("meetingID=moved"), back);
      assertTrue(
          joinedAt(back).contains("sessionToken="), "the new server takes the join: " + back);
      HttpResponse<String> forged =
          BalancerFixture.send(
              HttpRequest.newBuilder(
                      URI.create(f.first().base() + "/bigbluebutton/api/rejoin?id=" + internalId))
                  .header(
                      "Cookie",
                      // The old cookie's form: a join link in clear, made up by the browser.
                      "switchboard_join="
                          + URLEncoder.encode(
                              "/bigbluebutton/api/join?meetingID=moved&role=moderator",
                              StandardCharsets.UTF_8)));
      assertEquals("noJoinLink", xml(forged.body(), "messageKey"), "a forged cookie is no join");
      HttpResponse<String> noCookie = f.raw(f.first(), "rejoin", "id=" + internalId);
      assertEquals("noJoinLink", xml(noCookie.body(), "messageKey"));

      HttpResponse<String> again = f.call("moveMeeting", "meetingID=moved");
      assertTrue(
          from.meeting("moved").isPresent(),
          "without serverID the best other server: " + again.body());
      assertEquals("notFound", xml(f.call("move", "meetingID=nope").body(), "messageKey"));
      HttpResponse<String> nowhere = f.call("move", "meetingID=moved&serverID=nope");
      assertEquals("internalError", xml(nowhere.body(), "messageKey"), nowhere.body());
      assertTrue(
          from.meeting("moved").isPresent(),
          "a move with nowhere to go leaves the meeting running");
      assertEquals(
          from.serverId(), f.first().balancer().state().meeting("moved").orElseThrow().serverId());
    }
  }

  /** Follows a join link to its BBB server; the Location it answers (client or logout URL). */
  static String joinedAt(String link) throws Exception {
    return BalancerFixture.send(HttpRequest.newBuilder(URI.create(link)).GET())
        .headers()
        .firstValue("Location")
        .orElse("");
  }

  @Test
  void statisticsRecordingsAndVoiceEvents(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      f.call("create", "name=Stats+A&meetingID=stats-a");
      f.call("create", "name=Stats+B&meetingID=stats-b");
      BbbServerSimulator home = a.meeting("stats-a").isPresent() ? a : b;
      String user = home.addAttendee("stats-a", "Gus", false);
      home.setVoiceJoined("stats-a", user, true);
      Await.until(
          () ->
              f.first().balancer().state().meeting("stats-a").orElseThrow().counts().participants()
                  == 1,
          "polled participant");
      HttpResponse<String> stats = f.call("getStatistics", "");
      assertTrue(
          stats.body().contains("<serverID>a</serverID>")
              && stats.body().contains("<serverID>b</serverID>"));
      assertTrue(
          stats
              .body()
              .contains("<meetingID>stats-a</meetingID><participantCount>1</participantCount>"),
          stats.body());
      assertEquals(stats.body(), f.call("getServers", "").body());

      String bridge =
          f.first().balancer().state().meeting("stats-b").orElseThrow().record().voiceBridge();
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              KafkaSettings.of(broker.bootstrapServers()).reliableProducer("test-fs-events"))) {
        // The balancer reads from the latest offset once its group joined: repeat until it has.
        Await.until(
            () -> {
              producer.send(
                  new ProducerRecord<>(
                      f.topic(Topics.EVENTS_CONFERENCE),
                      "node-1",
                      Json.encode(event(bridge, "add-member", 3))));
              producer.flush();
              return f.first()
                  .balancer()
                  .state()
                  .meeting("stats-b")
                  .map(m -> m.counts().voiceParticipants() == 3)
                  .orElse(false);
            },
            "voice participants from add-member");
      }

      assertRecordingsMergedPagedAndChangedWhereTheyLive(f, a, b);
    }
  }

  private static void assertRecordingsMergedPagedAndChangedWhereTheyLive(
      BalancerFixture f, BbbServerSimulator a, BbbServerSimulator b) throws Exception {
    a.seedRecording(BbbRecording.builder("stats-a").recordId("rec-a1").startTime(1).build());
    a.seedRecording(BbbRecording.builder("stats-a").recordId("rec-a2").startTime(2).build());
    b.seedRecording(BbbRecording.builder("stats-b").recordId("rec-b1").startTime(3).build());
    String all = f.call("getRecordings", "").body();
    assertTrue(Stream.of("rec-a1", "rec-a2", "rec-b1").allMatch(all::contains), all);
    String page = f.call("getRecordings", "offset=1&limit=1").body();
    assertEquals(1, page.split("<recording>").length - 1, page);
    HttpResponse<String> published = f.call("publishRecordings", "recordID=rec-b1&publish=false");
    assertEquals("SUCCESS", xml(published.body(), "returncode"), published.body());
    assertFalse(b.recording("rec-b1").orElseThrow().published());
    assertEquals("notFound", xml(f.call("deleteRecordings", "recordID=nope").body(), "messageKey"));
    assertEquals("missingParamRecordID", xml(f.call("deleteRecordings", "").body(), "messageKey"));
  }

  @Test
  void aDestroyedConferenceHasItsServerPolledAtOnce(KafkaBroker broker) throws Exception {
    // No polls but the ones the test asks for, and those the event triggers.
    try (BalancerFixture f =
        new BalancerFixture(
            broker.bootstrapServers(),
            Map.of("BALANCER_POLL_INTERVAL", "1h", "BALANCER_REQUEST_TIMEOUT", "100ms"))) {
      f.startInstance();
      BbbServerSimulator a = f.startSimulator("a");
      f.admin(
          "POST",
          "/admin/servers",
          new io.vertx.core.json.JsonObject()
              .put("id", "a")
              .put("url", a.apiUrl())
              .put("secret", a.config().secret())
              .encode(),
          BalancerFixture.TOKEN);
      f.admin("POST", "/admin/servers/a/enable", null, BalancerFixture.TOKEN);
      BalancerFixture.await(f.first().balancer().pollNow());
      f.call("create", "name=Voice&meetingID=voice");
      String bridge =
          f.first().balancer().state().meeting("voice").orElseThrow().record().voiceBridge();
      a.endMeeting("voice");
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              KafkaSettings.of(broker.bootstrapServers()).reliableProducer("test-fs-destroy"))) {
        Await.until(
            () -> {
              producer.send(
                  new ProducerRecord<>(
                      f.topic(Topics.EVENTS_CONFERENCE),
                      "node-1",
                      Json.encode(event(bridge, "conference-destroy", 0))));
              producer.flush();
              return f.first().balancer().state().meeting("voice").isEmpty();
            },
            "the ended meeting forgotten between polls");
      }
    }
  }

  @Test
  void publishedRecordsMatchTheContractAndHoldNoSecret(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      f.call("create", "name=Contract&meetingID=contract&moderatorPW=topsecret");
      f.call("end", "meetingID=contract&password=topsecret");
      Map<String, String> topics = new LinkedHashMap<>();
      topics.put(f.namespace + "." + Topics.BBB_SERVERS, Topics.BBB_SERVERS);
      topics.put(f.namespace + "." + Topics.BBB_MEETINGS, Topics.BBB_MEETINGS);
      topics.put(f.namespace + "." + Topics.BBB_VOICE_BRIDGES, Topics.BBB_VOICE_BRIDGES);
      TopicContract contract = TopicContract.load();
      try (RecordCollector records =
          new RecordCollector(broker.bootstrapServers(), List.copyOf(topics.keySet()))) {
        var meetings =
            records.await(r -> r.topic().endsWith(Topics.BBB_MEETINGS), 2, Duration.ofSeconds(30));
        records.await(r -> r.topic().endsWith(Topics.BBB_VOICE_BRIDGES), 1, Duration.ofSeconds(30));
        records.await(r -> r.topic().endsWith(Topics.BBB_SERVERS), 2, Duration.ofSeconds(30));
        assertTrue(
            meetings.stream().anyMatch(r -> new String(r.value()).contains("\"kind\":\"ended\"")));
        for (var r : records.matching(r -> r.value() != null)) {
          contract.validate(topics.get(r.topic()), r.value());
          String text = new String(r.value());
          assertFalse(
              text.contains(a.config().secret()) || text.contains("topsecret"),
              "no secret in clear: " + text);
        }
      }
    }
  }

  private static FsEvent event(String conference, String action, int size) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Event-Name", "CUSTOM");
    headers.put("Event-Subclass", "conference::maintenance");
    headers.put("Conference-Name", conference);
    headers.put("Conference-Size", Integer.toString(size));
    headers.put("Action", action);
    return new FsEvent(
        FsEvent.VERSION,
        "node-1",
        "0",
        1,
        1,
        System.currentTimeMillis(),
        "CUSTOM",
        "conference::maintenance",
        headers,
        null);
  }
}
