package io.switchboard.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --traffic}: a front end's and an operator's work, every few seconds, so that every metric
 * moves: meetings created through the balancer and ended, users joining them and talking in their
 * voice conferences, a meeting moved to another server, users and conferences added and removed
 * through provisioning.
 */
final class Traffic implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Traffic.class);
  private static final int LIVE_MEETINGS = 3;

  private final Demo demo;
  private final BbbApiClient operator;
  private final BbbApiClient tenant;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Deque<Meeting> meetings = new ArrayDeque<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
          });
  private int round;
  private String lastUser;

  /** A meeting and the front end that created it: the balancer's own, or its tenant's. */
  private record Meeting(String id, BbbApiClient bbb) {}

  private Traffic(Demo demo) {
    this.demo = demo;
    String balancer = demo.service("balancer-service").httpUrl();
    this.operator = new BbbApiClient(balancer + "/bigbluebutton/api", demo.balancerSecret());
    this.tenant =
        new BbbApiClient(
            balancer + "/" + ServiceStarter.TENANT + "/bigbluebutton/api", demo.tenantSecret());
  }

  static Traffic start(Demo demo) {
    Traffic traffic = new Traffic(demo);
    traffic.timer.scheduleWithFixedDelay(traffic::step, 1, 3, TimeUnit.SECONDS);
    return traffic;
  }

  private void step() {
    try {
      round++;
      Meeting meeting = create(round % 2 == 0 ? operator : tenant);
      if (meeting != null) {
        joinAndTalk(meeting);
      }
      if (round % 3 == 0 && !meetings.isEmpty()) {
        move(meetings.peekFirst());
      }
      if (meetings.size() > LIVE_MEETINGS) {
        end(meetings.pollFirst());
      }
      provision();
    } catch (Exception e) {
      // A scheduled task that throws is never run again: say why and go on.
      LOG.warn("demo traffic, round {}: {}", round, e.toString());
    }
  }

  private Meeting create(BbbApiClient bbb) throws Exception {
    String id = "traffic-" + System.currentTimeMillis();
    String xml =
        bbb.call(
            "create",
            "meetingID",
            id,
            "name",
            "Traffic " + round,
            "attendeePW",
            "ap",
            "moderatorPW",
            "mp");
    if (!BbbApiClient.succeeded(xml)) {
      LOG.warn("demo traffic: create {} failed: {}", id, xml);
      return null;
    }
    Meeting meeting = new Meeting(id, bbb);
    meetings.addLast(meeting);
    LOG.info("demo traffic: created {} (room {})", id, BbbApiClient.element(xml, "voiceBridge"));
    return meeting;
  }

  /** Two users join the meeting on its server, and callers talk in its voice conference. */
  private void joinAndTalk(Meeting meeting) throws Exception {
    for (String user : new String[] {"Alice", "Bob"}) {
      meeting
          .bbb()
          .call(
              "join",
              "meetingID",
              meeting.id(),
              "fullName",
              user,
              "password",
              "ap",
              "redirect",
              "false");
    }
    String voiceBridge =
        BbbApiClient.element(
            meeting.bbb().call("getMeetingInfo", "meetingID", meeting.id()), "voiceBridge");
    for (SimulatedNode node : demo.nodes().values()) {
      if (voiceBridge != null && node.freeswitch().conferences().containsKey(voiceBridge)) {
        int caller = node.freeswitch().addMember(voiceBridge, "Caller " + round, "+4930" + round);
        node.freeswitch().startTalking(voiceBridge, caller);
        node.freeswitch().stopTalking(voiceBridge, caller);
      }
    }
  }

  private void move(Meeting meeting) throws Exception {
    String xml = meeting.bbb().call("move", "meetingID", meeting.id());
    LOG.info(
        "demo traffic: moved {}: {}",
        meeting.id(),
        BbbApiClient.succeeded(xml) ? "ok" : BbbApiClient.element(xml, "message"));
  }

  private void end(Meeting meeting) throws Exception {
    meeting.bbb().call("end", "meetingID", meeting.id(), "password", "mp");
    LOG.info("demo traffic: ended {}", meeting.id());
  }

  /** Odd rounds add a user and a conference, even rounds remove the last user again. */
  private void provision() throws Exception {
    if (round % 2 == 1) {
      String added =
          provisioning(
              "/api/users/add",
              "[{\"name\":\"traffic-"
                  + round
                  + "\",\"email\":\"traffic-"
                  + round
                  + "@example.org\",\"context\":\""
                  + SimulatedNode.CONTEXT
                  + "\"}]");
      java.util.regex.Matcher id =
          java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"(\\d+)\"").matcher(added);
      lastUser = id.find() ? id.group(1) : null;
      provisioning(
          "/api/conferences/add",
          "[{\"name\":\"traffic-"
              + round
              + "\",\"type\":\"cdquality\",\"context\":\""
              + SimulatedNode.CONTEXT
              + "\"}]");
    } else if (lastUser != null) {
      provisioning("/api/users/del", "[{\"id\":\"" + lastUser + "\"}]");
      lastUser = null;
    }
  }

  private String provisioning(String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(demo.service("provisioning-service").httpUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + demo.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      LOG.warn("demo traffic: {} answered {}: {}", path, response.statusCode(), response.body());
    }
    return response.body();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
