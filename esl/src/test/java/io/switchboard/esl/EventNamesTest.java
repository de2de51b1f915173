package io.switchboard.esl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventNamesTest {
  @Test
  void subclassesGoLastAfterCustom() {
    // mod_event_socket.c parse_command "event": every word after CUSTOM is a subclass.
    assertEquals(
        "HEARTBEAT RELOADXML CUSTOM conference::maintenance sofia::gateway_state",
        EventNames.words(
            List.of("conference::maintenance", "HEARTBEAT", "sofia::gateway_state", "RELOADXML")));
    assertEquals(
        "CUSTOM conference::maintenance",
        EventNames.words(List.of("CUSTOM", "conference::maintenance")));
  }

  @Test
  void refusesEmptyAndMultiWordNames() {
    assertThrows(IllegalArgumentException.class, () -> EventNames.words(List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> EventNames.words(List.of("HEARTBEAT RELOADXML")));
    assertThrows(IllegalArgumentException.class, () -> EventNames.words(List.of("X\nauth pw")));
  }
}
