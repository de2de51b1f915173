package io.switchboard.testkit.bbb;

import static io.switchboard.testkit.bbb.BbbApiClient.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BbbFaultsTest extends SimulatorTestBase {
  private static final Duration SHORT = Duration.ofMillis(500);

  private String signedGetMeetings() {
    return "checksum=" + client.checksumFor("getMeetings", "");
  }

  @Test
  void hangAcceptsTheRequestButNeverAnswers() throws Exception {
    bbb.setFault(BbbFault.HANG).await();
    assertThrows(
        HttpTimeoutException.class, () -> client.getRaw("getMeetings", signedGetMeetings(), SHORT));
    assertEquals(1, bbb.calls("getMeetings").size(), "the hung request did arrive");
    bbb.setFault(BbbFault.NONE).await();
    assertEquals(
        200,
        client.getRaw("getMeetings", signedGetMeetings(), Duration.ofSeconds(10)).statusCode());
  }

  @Test
  void garbageAnswers200WithABodyThatIsNotXml() throws Exception {
    bbb.setFault(BbbFault.GARBAGE).await();
    HttpResponse<String> response =
        client.getRaw("getMeetings", signedGetMeetings(), Duration.ofSeconds(10));
    assertEquals(200, response.statusCode());
    assertThrows(IllegalArgumentException.class, () -> Xml.parse(response.body()));
  }

  @Test
  void httpErrorAnswers500() throws Exception {
    bbb.setFault(BbbFault.HTTP_ERROR).await();
    HttpResponse<String> response =
        client.getRaw("create", query("name", "x", "meetingID", "err"), Duration.ofSeconds(10));
    assertEquals(500, response.statusCode());
    assertTrue(bbb.meetings().isEmpty(), "nothing was created");
  }

  @Test
  void offlineRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
    int port = bbb.port();
    client.create("survivor");
    bbb.setFault(BbbFault.OFFLINE).await();
    IOException refused =
        assertThrows(
            IOException.class,
            () -> client.getRaw("getMeetings", signedGetMeetings(), Duration.ofSeconds(10)));
    assertTrue(
        refused instanceof ConnectException || refused.getCause() instanceof ConnectException,
        refused.toString());
    bbb.setFault(BbbFault.NONE).await();
    assertEquals(port, bbb.port());
    Xml meetings =
        Xml.of(client.getRaw("getMeetings", signedGetMeetings(), Duration.ofSeconds(10)));
    assertEquals(1, meetings.count("/response/meetings/meeting"), "state survives an outage");
  }

  @Test
  void slowAnswersCorrectlyButOnlyAfterTheSlowDelay() throws Exception {
    bbb.setSlowDelay(Duration.ofSeconds(30));
    bbb.setFault(BbbFault.SLOW).await();
    assertThrows(
        HttpTimeoutException.class, () -> client.getRaw("getMeetings", signedGetMeetings(), SHORT));
    bbb.setSlowDelay(Duration.ofMillis(1));
    Xml response =
        Xml.of(client.getRaw("getMeetings", signedGetMeetings(), Duration.ofSeconds(10)));
    assertEquals("SUCCESS", response.returncode());
  }

  @Test
  void faultsCanBeSwitchedBackAndForth() {
    for (BbbFault fault : BbbFault.values()) {
      bbb.setFault(fault).await();
      assertEquals(fault, bbb.fault());
    }
    bbb.setFault(BbbFault.NONE).await();
    assertEquals("SUCCESS", Xml.of(client.get("getMeetings", "")).returncode());
  }

  @Test
  void aConfiguredResponseDelayStillAnswersCorrectly() {
    BbbServerSimulator delayed =
        new BbbServerSimulator(
                vertx,
                BbbSimulatorConfig.builder(SECRET).responseDelay(Duration.ofMillis(5)).build())
            .start()
            .await();
    try {
      BbbApiClient delayedClient = new BbbApiClient(delayed.apiUrl(), SECRET);
      assertEquals("SUCCESS", delayedClient.create("delayed").returncode());
    } finally {
      delayed.stop().await();
    }
  }
}
