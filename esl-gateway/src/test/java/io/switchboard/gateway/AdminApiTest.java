package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.freeswitch.FreeSwitchSimulator;
import io.switchboard.testkit.freeswitch.SimulatorOptions;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fs_list / fs_subscribe / fs_unsubscribe / fs_reload / freeswitch_esl equivalents, over HTTP.
 */
@ExtendWith(KafkaExtension.class)
class AdminApiTest {
  @BeforeAll
  static void topics(KafkaBroker broker) {
    GatewayFixture.createTopics(broker);
  }

  @Test
  void everyAdminCallNeedsTheToken(KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir)) {
      assertEquals(401, f.admin("GET", "/admin/sockets", null, null).statusCode());
      assertEquals(401, f.admin("GET", "/admin/sockets", null, "wrong").statusCode());
      assertEquals(
          401, f.admin("POST", "/admin/esl", "{\"command\":\"api status\"}", null).statusCode());
      assertEquals(200, f.management("/health/live").statusCode(), "health needs no token");
      assertEquals(
          404, f.admin("GET", "/metrics", null, null).statusCode(), "no metrics on the admin port");
      assertEquals(
          404,
          f.admin("GET", "/health/ready", null, null).statusCode(),
          "no health on the admin port");
    }
  }

  @Test
  void listSubscribeAndUnsubscribe(KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir)) {
      f.awaitConnected();
      JsonObject list =
          new JsonObject(f.admin("GET", "/admin/sockets", null, GatewayFixture.TOKEN).body());
      JsonObject socket = list.getJsonArray("sockets").getJsonObject(0);
      assertEquals("0", socket.getString("id"));
      assertTrue(socket.getBoolean("connected"));
      assertEquals("127.0.0.1:" + f.fs.port(), socket.getString("address"));
      assertFalse(socket.encode().contains("ClueCon"), "no password in the listing");

      HttpResponse<String> added =
          f.admin(
              "POST",
              "/admin/sockets/0/subscriptions",
              "{\"events\":[\"CHANNEL_CREATE\",\"NO_SUCH_EVENT\"]}",
              GatewayFixture.TOKEN);
      assertEquals(200, added.statusCode(), added.body());
      assertEquals(
          new JsonArray().add("NO_SUCH_EVENT"),
          new JsonObject(added.body()).getJsonArray("refused"),
          "FreeSWITCH refused it: it is retried until unsubscribed");
      Await.until(
          () -> f.fs.subscriptions().get(0).contains("CHANNEL_CREATE"), "subscribed in FreeSWITCH");

      HttpResponse<String> removed =
          f.admin(
              "DELETE",
              "/admin/sockets/0/subscriptions?events=CHANNEL_CREATE,NO_SUCH_EVENT",
              null,
              GatewayFixture.TOKEN);
      assertEquals(200, removed.statusCode(), removed.body());
      assertEquals(new JsonArray(), new JsonObject(removed.body()).getJsonArray("refused"));
      Await.until(
          () -> !f.fs.subscriptions().get(0).contains("CHANNEL_CREATE"),
          "unsubscribed in FreeSWITCH");

      unsubscribingTheRequiredEventAndBadRequestsAreRefused(f);
    }
  }

  /** BACKGROUND_JOB carries bgapi results, so it stays; bad requests are the client's error. */
  private static void unsubscribingTheRequiredEventAndBadRequestsAreRefused(GatewayFixture f)
      throws Exception {
    HttpResponse<String> required =
        f.admin(
            "DELETE",
            "/admin/sockets/0/subscriptions?events=BACKGROUND_JOB",
            null,
            GatewayFixture.TOKEN);
    assertEquals(400, required.statusCode());
    assertTrue(required.body().contains("BACKGROUND_JOB cannot be unsubscribed"));
    assertEquals(
        400,
        f.admin(
                "POST",
                "/admin/sockets/0/subscriptions",
                "{\"events\":[\"a b\"]}",
                GatewayFixture.TOKEN)
            .statusCode());
    assertEquals(
        400,
        f.admin("POST", "/admin/sockets/0/subscriptions", "not json", GatewayFixture.TOKEN)
            .statusCode());
    assertEquals(
        404,
        f.admin(
                "POST",
                "/admin/sockets/9/subscriptions",
                "{\"events\":[\"DTMF\"]}",
                GatewayFixture.TOKEN)
            .statusCode());
  }

  @Test
  void eslCommandsFollowTheAllowlist(KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir)) {
      f.awaitConnected();
      HttpResponse<String> status =
          f.admin("POST", "/admin/esl", "{\"command\":\"api status\"}", GatewayFixture.TOKEN);
      assertEquals(200, status.statusCode(), status.body());
      assertTrue(new JsonObject(status.body()).getString("reply").startsWith("UP "));
      HttpResponse<String> bg =
          f.admin(
              "POST",
              "/admin/esl",
              "{\"command\":\"bgapi version\",\"socket\":\"0\"}",
              GatewayFixture.TOKEN);
      assertTrue(
          new JsonObject(bg.body()).getString("reply").startsWith("FreeSWITCH Version"), bg.body());
      HttpResponse<String> denied =
          f.admin(
              "POST", "/admin/esl", "{\"command\":\"api system reboot\"}", GatewayFixture.TOKEN);
      assertEquals(403, denied.statusCode());
      assertTrue(f.fs.commandLog().stream().noneMatch(c -> c.contains("system")));
      assertEquals(400, f.admin("POST", "/admin/esl", "{}", GatewayFixture.TOKEN).statusCode());
    }
  }

  @Test
  void anAdminApiCallRunsAsBgapiOffTheEventConnection(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    // FreeSWITCH runs "api" on the listener's thread (mod_event_socket.c:2329): a slow one held up
    // the event connection until the gateway's reply timeout closed it.
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir)) {
      f.awaitConnected();
      // The gateway asks "api version" and "api status" once when it connects; wait for those.
      Await.until(
          () -> f.fs.commandLog().contains("api status"), "the gateway's own start-up queries");
      List<String> before = f.fs.commandLog();
      HttpResponse<String> status =
          f.admin("POST", "/admin/esl", "{\"command\":\"api status\"}", GatewayFixture.TOKEN);
      assertEquals(200, status.statusCode(), status.body());
      assertTrue(new JsonObject(status.body()).getString("reply").startsWith("UP "), status.body());
      HttpResponse<String> bare =
          f.admin("POST", "/admin/esl", "{\"command\":\"version\"}", GatewayFixture.TOKEN);
      assertEquals(200, bare.statusCode(), bare.body());
      List<String> sent = f.fs.commandLog().subList(before.size(), f.fs.commandLog().size());
      assertEquals(List.of("bgapi status", "bgapi version"), sent);
    }
  }

  @Test
  void anAdminBodyThatIsNotAJsonObjectIsABadRequest(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (GatewayFixture f = new GatewayFixture(broker.bootstrapServers(), dir)) {
      f.awaitConnected();
      for (String body :
          List.of(
              "not json",
              "[1,2]",
              "\"api status\"",
              "42",
              "{\"command\":5}",
              "{\"command\":\"api status\",\"socket\":[0]}")) {
        HttpResponse<String> response = f.admin("POST", "/admin/esl", body, GatewayFixture.TOKEN);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        assertTrue(
            new JsonObject(response.body()).getString("error").startsWith("body must be"),
            response.body());
      }
      for (String body : List.of("[\"CHANNEL_CREATE\"]", "{\"events\":\"CHANNEL_CREATE\"}")) {
        HttpResponse<String> response =
            f.admin("POST", "/admin/sockets/0/subscriptions", body, GatewayFixture.TOKEN);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
      }
    }
  }

  @Test
  void reloadPicksUpAChangedSocketSet(KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (FreeSwitchSimulator second =
        FreeSwitchSimulator.start(
            SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO))) {
      Map<String, String> extra = new HashMap<>();
      // The fixture reads its overrides on every start and reload: changing the map is editing the
      // config.
      try (GatewayFixture f =
          new GatewayFixture(
              broker.bootstrapServers(),
              dir,
              SimulatorOptions.defaults().withHeartbeatInterval(Duration.ZERO),
              extra)) {
        f.awaitConnected();
        extra.put("ESL_URL_1", second.eslUrl());
        HttpResponse<String> reload = f.admin("POST", "/admin/reload", null, GatewayFixture.TOKEN);
        assertEquals(200, reload.statusCode(), reload.body());
        assertEquals(
            new JsonArray().add("added 1"), new JsonObject(reload.body()).getJsonArray("changes"));
        Await.until(() -> second.connectedClients() == 1, "the new socket connects");
        extra.put("ESL_URL_1", "not a url");
        HttpResponse<String> bad = f.admin("POST", "/admin/reload", null, GatewayFixture.TOKEN);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("ESL_URL_1"), bad.body());
        assertEquals(2, f.gateway.sockets().all().size(), "a bad configuration changes nothing");
      }
    }
  }
}
