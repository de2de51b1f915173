package io.switchboard.testkit.bbb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BbbChecksumTest extends SimulatorTestBase {

  @Test
  void acceptsTheChecksumOfTheApiDocumentationExample() {
    String query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444";
    Xml response =
        Xml.of(
            client.getRaw("create", query + "&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("abc123", response.text("/response/meetingID"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA-1", "SHA-256", "SHA-384", "SHA-512"})
  void acceptsEachAlgorithmRecognisedByLength(String algorithm) {
    Xml response = Xml.of(client.getSigned("getMeetings", "", algorithm));
    assertEquals("SUCCESS", response.returncode());
  }

  @Test
  void rejectsAWrongChecksumAsBbbWordsIt() {
    Xml response =
        Xml.of(client.getRaw("getMeetingInfo", "meetingID=abc&checksum=" + "0".repeat(40)));
    assertEquals("FAILED", response.returncode());
    assertEquals("checksumError", response.messageKey());
    assertEquals("Checksums do not match", response.message());
  }

  @Test
  void rejectsAMissingChecksum() {
    Xml response = Xml.of(client.getRaw("getMeetingInfo", "meetingID=abc"));
    assertEquals("checksumError", response.messageKey());
    assertEquals("You must provide the checksum", response.message());
  }

  @Test
  void rejectsAChecksumWhoseLengthIsNoKnownAlgorithm() {
    String sha1 = client.checksumFor("getMeetings", "");
    Xml response = Xml.of(client.getRaw("getMeetings", "checksum=" + sha1.substring(1)));
    assertEquals("checksumError", response.messageKey());
  }

  @Test
  void computesTheChecksumOverTheQueryStringAsSentNotAsDecoded() {
    // Both encodings of the space are valid when signed as sent ...
    assertEquals(
        "SUCCESS", Xml.of(client.get("create", "name=Test+Room&meetingID=enc-plus")).returncode());
    assertEquals(
        "SUCCESS", Xml.of(client.get("create", "name=Test%20Room&meetingID=enc-pct")).returncode());
    // ... and signing the decoded text instead of the sent text fails.
    String sent = "name=Test%20Room&meetingID=enc-decoded";
    String wrong = client.checksumFor("create", "name=Test Room&meetingID=enc-decoded");
    Xml response = Xml.of(client.getRaw("create", sent + "&checksum=" + wrong));
    assertEquals("checksumError", response.messageKey());
  }

  @Test
  void removesTheChecksumWhereverItStandsInTheQuery() {
    String query = "meetingID=first-cs&name=First";
    String checksum = client.checksumFor("create", query);
    Xml response = Xml.of(client.getRaw("create", "checksum=" + checksum + "&" + query));
    assertEquals("SUCCESS", response.returncode());
  }

  @Test
  void signsWithTheCallNameSoAChecksumForAnotherCallFails() {
    String query = "meetingID=other-call";
    String checksumOfAnotherCall = client.checksumFor("isMeetingRunning", query);
    Xml response =
        Xml.of(client.getRaw("getMeetingInfo", query + "&checksum=" + checksumOfAnotherCall));
    assertEquals("checksumError", response.messageKey());
  }

  @Test
  void meetingCallsCompareTheHexCaseInsensitively() {
    String upper = client.checksumFor("getMeetings", "").toUpperCase(Locale.ROOT);
    assertEquals("SUCCESS", Xml.of(client.getRaw("getMeetings", "checksum=" + upper)).returncode());
  }

  @Test
  void recordingCallsUseTheOlderCaseSensitiveCheckAndItsMessage() {
    String upper = client.checksumFor("getRecordings", "").toUpperCase(Locale.ROOT);
    Xml response = Xml.of(client.getRaw("getRecordings", "checksum=" + upper));
    assertEquals("checksumError", response.messageKey());
    assertEquals("You did not pass the checksum security check", response.message());
    assertEquals("SUCCESS", Xml.of(client.get("getRecordings", "")).returncode());
  }

  @Test
  void aPostWithItsParametersInTheBodyIsSignedOverTheEmptyQueryString() {
    String body =
        BbbApiClient.query(
            "name",
            "Posted",
            "meetingID",
            "posted-room",
            "checksum",
            client.checksumFor("create", ""));
    Xml response = Xml.of(client.post("create", "", "application/x-www-form-urlencoded", body));
    assertEquals("SUCCESS", response.returncode());
    assertEquals("posted-room", response.text("/response/meetingID"));
  }

  @Test
  void aPostSignedOverItsBodyParametersFails() {
    String params = BbbApiClient.query("name", "Posted", "meetingID", "posted-wrong");
    String body = params + "&checksum=" + client.checksumFor("create", params);
    Xml response = Xml.of(client.post("create", "", "application/x-www-form-urlencoded", body));
    assertEquals("checksumError", response.messageKey());
  }

  @Test
  void honoursTheConfiguredSetOfAlgorithms() {
    BbbServerSimulator sha512Only =
        new BbbServerSimulator(
                vertx,
                BbbSimulatorConfig.builder(SECRET)
                    .allowedChecksumAlgorithms(EnumSet.of(ChecksumAlgorithm.SHA512))
                    .build())
            .start()
            .await();
    try {
      BbbApiClient strictClient = new BbbApiClient(sha512Only.apiUrl(), SECRET);
      Xml sha1 = Xml.of(strictClient.getSigned("getMeetings", "", "SHA-1"));
      assertEquals("checksumError", sha1.messageKey());
      assertEquals("Checksums do not match", sha1.message());
      assertEquals(
          "SUCCESS", Xml.of(strictClient.getSigned("getMeetings", "", "SHA-512")).returncode());
    } finally {
      sha512Only.stop().await();
    }
  }
}
