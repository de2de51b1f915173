package io.switchboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  @Test
  void commandRoundTripsWithWireNames() {
    Command command =
        Command.filePut(
            "c1",
            "node-1",
            "sip_profiles/external/room-72013.xml",
            "<include/>",
            "registration",
            1,
            2);
    String json = new String(Json.encode(command), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"op\":\"file.put\""), json);
    assertEquals(command, Json.decode(json.getBytes(StandardCharsets.UTF_8), Command.class));
  }

  @Test
  void commandProblemsNameTheField() {
    Command bad =
        new Command(
            1,
            "",
            "n",
            Command.Op.API,
            "reloadxml\napi system x",
            null,
            null,
            "me",
            0,
            0,
            null,
            null,
            null);
    assertEquals(
        List.of("id is missing", "command must be a single line", "expiresAt is missing"),
        bad.problems());
    Command put =
        new Command(
            1, "i", "n", Command.Op.FILE_PUT, null, null, null, "me", 0, 5, null, null, null);
    assertEquals(
        List.of("path is missing for op file.put", "content is missing for op file.put"),
        put.problems());
  }

  @Test
  void sealedContentIsOnlyForAFilePutAndNeverBesideClearContent() {
    assertEquals(
        List.of(),
        Command.sealedFilePut("i", "n", "a.xml", "gcm1.k.x", "me", 0, 5).problems(),
        "sealed content stands in for content");
    Command both =
        new Command(
            1, "i", "n", Command.Op.FILE_PUT, null, "a.xml", "<x/>", "me", 0, 5, null, "s", null);
    assertEquals(
        List.of("content and sealedContent are both set: send one of them"), both.problems());
    Command api =
        new Command(1, "i", "n", Command.Op.API, "status", null, null, "me", 0, 5, null, "s", null);
    assertEquals(List.of("sealedContent is only for op file.put"), api.problems());
  }

  @Test
  void anIdOrIssuerThatCouldBreakALogLineIsAProblem() {
    Command newline =
        new Command(
            1,
            "a\nb",
            "n",
            Command.Op.API,
            "status",
            null,
            null,
            "svc\r\nforged",
            0,
            5,
            null,
            null,
            null);
    assertEquals(
        List.of(
            "id must be 1-256 characters without spaces or control characters",
            "issuer must be at most 256 characters without control characters"),
        newline.problems());
    Command separator =
        new Command(
            1,
            "a\u2028b",
            "n",
            Command.Op.API,
            "status",
            null,
            null,
            "svc 1",
            0,
            5,
            null,
            null,
            null);
    assertEquals(
        List.of("id must be 1-256 characters without spaces or control characters"),
        separator.problems());
    Command longId =
        new Command(
            1,
            "x".repeat(257),
            "n",
            Command.Op.API,
            "status",
            null,
            null,
            null,
            0,
            5,
            null,
            null,
            null);
    assertEquals(1, longId.problems().size());
  }

  @Test
  void unknownOpIsAClearEnvelopeError() {
    EnvelopeException e =
        assertThrows(
            EnvelopeException.class,
            () ->
                Json.decode(
                    "{\"v\":1,\"id\":\"x\",\"op\":\"shell\"}".getBytes(StandardCharsets.UTF_8),
                    Command.class));
    assertTrue(e.getMessage().contains("shell"), e.getMessage());
    assertThrows(
        EnvelopeException.class,
        () -> Json.decode("not json".getBytes(StandardCharsets.UTF_8), Command.class));
    assertThrows(EnvelopeException.class, () -> Json.decode(null, Command.class));
  }

  @Test
  void resultStatusOnTheWire() {
    CommandResult result =
        new CommandResult(
            1, "c1", "n", CommandResult.Status.EXPIRED, null, "expired at 5", 6, 0, 6, null);
    String json = new String(Json.encode(result), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"status\":\"expired\""), json);
    assertTrue(!json.contains("replyBytes"), "a whole reply says nothing of its size: " + json);
    assertEquals(result, Json.decode(json.getBytes(StandardCharsets.UTF_8), CommandResult.class));
    CommandResult unknown =
        new CommandResult(
            1, "c2", "n", CommandResult.Status.UNKNOWN, null, "stopped", 6, 0, 6, null);
    assertTrue(
        new String(Json.encode(unknown), StandardCharsets.UTF_8)
            .contains("\"status\":\"unknown\""));
  }

  @Test
  void eventsAreRoutedByNameAndSubclass() {
    assertEquals(Topics.EVENTS_CONFERENCE, Topics.forEvent("CUSTOM", "conference::maintenance"));
    assertEquals(Topics.EVENTS_SOFIA, Topics.forEvent("CUSTOM", "sofia::gateway_state"));
    assertEquals(Topics.EVENTS_SYSTEM, Topics.forEvent("CUSTOM", "callcenter::info"));
    assertEquals(Topics.EVENTS_CHANNEL, Topics.forEvent("CHANNEL_CREATE", null));
    assertEquals(Topics.EVENTS_SYSTEM, Topics.forEvent("HEARTBEAT", null));
    assertEquals(Topics.EVENTS_SYSTEM, Topics.forEvent("BACKGROUND_JOB", null));
  }
}
