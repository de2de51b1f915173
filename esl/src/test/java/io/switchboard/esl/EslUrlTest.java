package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The syntax of OpenSIPS freeswitch_scripting's fs_subscribe, whose examples come first. */
class EslUrlTest {
  @Test
  void openSipsExamples() {
    EslUrl a = EslUrl.parse(":ClueCon@10.0.0.10?CHANNEL_STATE");
    assertNull(a.user());
    assertEquals("ClueCon", a.password());
    assertEquals("10.0.0.10", a.host());
    assertEquals(8021, a.port());
    assertEquals(List.of("CHANNEL_STATE"), a.events());

    EslUrl b = EslUrl.parse(":ClueCon@10.0.0.11:8021?DTMF,BACKGROUND_JOB");
    assertEquals(8021, b.port());
    assertEquals(List.of("DTMF", "BACKGROUND_JOB"), b.events());
  }

  @Test
  void schemeUserAndSubclasses() {
    EslUrl url =
        EslUrl.parse(
            "fs://1000@default:s3cr@t@fs1.example.org:8022?HEARTBEAT,conference::maintenance");
    assertEquals("1000@default", url.user());
    assertEquals("s3cr@t", url.password());
    assertEquals("fs1.example.org", url.host());
    assertEquals(8022, url.port());
    assertEquals(List.of("HEARTBEAT", "conference::maintenance"), url.events());
  }

  @Test
  void ipv6Host() {
    EslUrl url = EslUrl.parse("fs://:pw@[::1]:8021");
    assertEquals("::1", url.host());
    assertEquals("[::1]:8021", url.address());
  }

  @Test
  void passwordNeverShown() {
    EslUrl url = EslUrl.parse("fs://admin:TopSecret@host?HEARTBEAT");
    assertFalse(url.toString().contains("TopSecret"));
    assertTrue(url.toString().contains("admin:***@host:8021"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "host:8021",
        "fs://host",
        "fs://:@host",
        "fs://pw@host",
        "fs://:pw@",
        "fs://:pw@host:0",
        "fs://:pw@host:99999",
        "fs://:pw@host:abc",
        "http://:pw@host",
        "fs://:pw@[::1"
      })
  void malformedUrlsNameTheProblem(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EslUrl.parse(text));
    assertTrue(e.getMessage().startsWith("ESL URL"), e.getMessage());
  }
}
