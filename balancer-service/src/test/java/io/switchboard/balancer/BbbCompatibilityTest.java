package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.security.ChecksumAlgorithm;
import io.switchboard.testkit.bbb.BbbReceivedCall;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three places where a BBB 3.0 client used to fail through the balancer: a checksum in the form
 * body, insertDocument, and the methods each call answers.
 */
@ExtendWith(KafkaExtension.class)
class BbbCompatibilityTest {
  private static final String DOCUMENT =
      "<modules><module name=\"presentation\"><document url=\"https://example.org/a.pdf\""
          + " filename=\"a.pdf\"/></module></modules>";

  /**
   * bbb-common-web ValidationService.java:97-98 (bigbluebutton/bigbluebutton 14c1b719): with no URL
   * query the checked string is buildQueryStringFromParamsMap over the parameters sanitized at line
   * 73 (names sorted, checksum skipped, values URL-encoded); RecordingController checks
   * request.getQueryString() only.
   */
  @Test
  void aChecksumInTheFormBodySignsTheSortedBodyParameters(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      // Sorted by name, values encoded with space as '+', names as they came.
      String checked = "meetingID=form-1&name=Form+Room+%C3%A9";
      String checksum = ChecksumAlgorithm.SHA256.hex("create" + checked + BalancerFixture.SECRET);
      HttpResponse<String> created =
          postForm(i, "create", "name=Form%20Room%20%C3%A9&meetingID=form-1&checksum=" + checksum);
      assertEquals("SUCCESS", xml(created.body(), "returncode"), created.body());
      assertEquals("Form Room é", a.meeting("form-1").orElseThrow().name());

      String infoChecksum =
          ChecksumAlgorithm.SHA1.hex(
              "getMeetingInfo" + "meetingID=form-1" + BalancerFixture.SECRET);
      HttpResponse<String> info =
          postForm(i, "getMeetingInfo", "checksum=" + infoChecksum + "&meetingID=form-1");
      assertEquals("form-1", xml(info.body(), "meetingID"), info.body());
      BbbReceivedCall forwarded = a.calls("getMeetingInfo").get(0);
      assertEquals(
          1,
          forwarded.params().get("checksum").size(),
          "the server gets the balancer's checksum only, not the client's from the body");

      String unsorted =
          ChecksumAlgorithm.SHA256.hex(
              "create" + "name=Form+Room&meetingID=form-2" + BalancerFixture.SECRET);
      HttpResponse<String> refused =
          postForm(i, "create", "name=Form+Room&meetingID=form-2&checksum=" + unsorted);
      assertEquals("checksumError", xml(refused.body(), "messageKey"), "signed in body order");
      assertTrue(a.meeting("form-2").isEmpty());

      String overEmpty = ChecksumAlgorithm.SHA256.hex("getRecordings" + BalancerFixture.SECRET);
      String overBody =
          ChecksumAlgorithm.SHA256.hex(
              "getRecordings" + "meetingID=form-1" + BalancerFixture.SECRET);
      assertEquals(
          "checksumError",
          xml(
              postForm(i, "getRecordings", "meetingID=form-1&checksum=" + overBody).body(),
              "messageKey"),
          "RecordingController checks the URL query only, never the body");
      assertEquals(
          "SUCCESS",
          xml(
              postForm(i, "getRecordings", "meetingID=form-1&checksum=" + overEmpty).body(),
              "returncode"));
    }
  }

  /**
   * UrlMappings.groovy:106-107 (bigbluebutton/bigbluebutton 19e459d3) maps insertDocument to POST
   * only; ApiController.insertDocument checks it, then the balancer sends it with its XML to the
   * meeting's server.
   */
  @Test
  void insertDocumentGoesWithItsXmlToTheServerHoldingTheMeeting(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      BbbServerSimulator b = f.addServer("b");
      f.call("create", "name=One&meetingID=slides-1");
      f.call("create", "name=Two&meetingID=slides-2");
      BbbServerSimulator home = a.meeting("slides-1").isPresent() ? a : b;
      BbbServerSimulator other = home == a ? b : a;

      HttpResponse<String> inserted = postXml(i, "meetingID=slides-1", DOCUMENT);
      assertEquals("SUCCESS", xml(inserted.body(), "returncode"), inserted.body());
      List<BbbReceivedCall> received = home.calls("insertDocument");
      assertEquals(1, received.size());
      assertEquals(DOCUMENT, received.get(0).body(), "the document arrives unchanged");
      assertEquals("slides-1", received.get(0).param("meetingID"));
      assertTrue(other.calls("insertDocument").isEmpty());

      HttpResponse<String> unknown = postXml(i, "meetingID=nobody", DOCUMENT);
      assertEquals("FAILED", xml(unknown.body(), "returncode"));
      assertEquals("Meeting with id [nobody] not found.", xml(unknown.body(), "message"));
      assertNull(xml(unknown.body(), "messageKey"), "bbb-web's answer has no messageKey");
      assertEquals(
          "missingParamMeetingID", xml(postXml(i, "name=x", DOCUMENT).body(), "messageKey"));
      HttpResponse<String> asGet = f.call("insertDocument", "meetingID=slides-1");
      assertEquals(405, asGet.statusCode(), "UrlMappings.groovy maps insertDocument to POST only");
      assertEquals("POST", asGet.headers().firstValue("Allow").orElseThrow());
      assertEquals(1, home.calls("insertDocument").size(), "nothing more reached the server");
    }
  }

  /**
   * UrlMappings.groovy (bigbluebutton/bigbluebutton 19e459d3): join GET only at 70-71,
   * publishRecordings at 142-143 and deleteRecordings at 146-147; create GET and POST at 66-67.
   */
  @Test
  void aCallAskedWithAMethodBbbDoesNotMapIsRefusedBeforeAnyServerSeesIt(KafkaBroker broker)
      throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      BalancerFixture.Instance i = f.startInstance();
      BbbServerSimulator a = f.addServer("a");
      f.call("create", "name=One&meetingID=methods-1");
      for (String call : List.of("publishRecordings", "deleteRecordings", "join")) {
        String query =
            BalancerFixture.signed(
                ChecksumAlgorithm.SHA256,
                call,
                "recordID=r1&publish=true&meetingID=methods-1&fullName=x",
                BalancerFixture.SECRET);
        HttpResponse<String> posted =
            BalancerFixture.send(
                HttpRequest.newBuilder(
                        URI.create(i.base() + "/bigbluebutton/api/" + call + "?" + query))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, posted.statusCode(), call + ": " + posted.body());
        assertEquals("GET", posted.headers().firstValue("Allow").orElseThrow(), call);
        assertTrue(a.calls(call).isEmpty(), call + " never reached the server");
      }
      HttpResponse<String> put =
          BalancerFixture.send(
              HttpRequest.newBuilder(
                      URI.create(
                          i.base()
                              + "/bigbluebutton/api/create?"
                              + BalancerFixture.signed(
                                  ChecksumAlgorithm.SHA256,
                                  "create",
                                  "meetingID=put-1",
                                  BalancerFixture.SECRET)))
                  .PUT(HttpRequest.BodyPublishers.noBody()));
      assertEquals(405, put.statusCode());
      assertEquals("GET, POST", put.headers().firstValue("Allow").orElseThrow());
      HttpResponse<String> asGet = f.call("publishRecordings", "recordID=r1&publish=true");
      assertEquals(200, asGet.statusCode(), "a GET still reaches the recording calls");
      assertNotNull(xml(asGet.body(), "returncode"), asGet.body());
    }
  }

  private static HttpResponse<String> postForm(BalancerFixture.Instance i, String call, String body)
      throws Exception {
    return BalancerFixture.send(
        HttpRequest.newBuilder(URI.create(i.base() + "/bigbluebutton/api/" + call))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse<String> postXml(
      BalancerFixture.Instance i, String query, String document) throws Exception {
    return BalancerFixture.send(
        HttpRequest.newBuilder(
                URI.create(
                    i.base()
                        + "/bigbluebutton/api/insertDocument?"
                        + BalancerFixture.signed(
                            ChecksumAlgorithm.SHA256,
                            "insertDocument",
                            query,
                            BalancerFixture.SECRET)))
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString(document)));
  }
}
