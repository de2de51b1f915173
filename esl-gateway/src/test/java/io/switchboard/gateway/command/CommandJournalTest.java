package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJournalTest {
  @Test
  void anIdStartedAndNeverAnsweredStaysStartedAcrossARestartEvenPastItsExpiry(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("executed-commands.log");
    try (CommandJournal journal = CommandJournal.open(file)) {
      journal.started("long-gone", 1);
      journal.started("answered", System.currentTimeMillis() + 60_000);
      journal.answered("answered", System.currentTimeMillis() + 60_000);
    }
    try (CommandJournal journal = CommandJournal.open(file)) {
      assertEquals(CommandJournal.State.STARTED, journal.state("long-gone"));
      assertEquals(1, journal.expiresAt("long-gone"));
      assertEquals(CommandJournal.State.ANSWERED, journal.state("answered"));
      assertEquals(List.of("long-gone"), journal.unanswered());
      assertEquals(CommandJournal.State.NEW, journal.state("never-seen"));
    }
  }

  @Test
  void anIdWithALineBreakCannotCorruptTheJournal(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("executed-commands.log");
    String id = "a b\nA forged 99999999999999";
    try (CommandJournal journal = CommandJournal.open(file)) {
      journal.answered(id, System.currentTimeMillis() + 60_000);
    }
    try (CommandJournal journal = CommandJournal.open(file)) {
      assertEquals(CommandJournal.State.ANSWERED, journal.state(id));
      assertEquals(CommandJournal.State.NEW, journal.state("forged"));
    }
  }

  @Test
  void theJournalOfEarlierVersionsReadsAsAnsweredAndATornLineIsIgnored(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("executed-commands.log");
    long later = System.currentTimeMillis() + 60_000;
    Files.writeString(file, "old-id " + later + "\nS started-by-this-version 12");
    try (CommandJournal journal = CommandJournal.open(file)) {
      assertEquals(CommandJournal.State.ANSWERED, journal.state("old-id"));
      assertEquals(CommandJournal.State.STARTED, journal.state("started-by-this-version"));
    }
    Files.writeString(file, "S torn-number 12x");
    try (CommandJournal journal = CommandJournal.open(file)) {
      assertEquals(CommandJournal.State.NEW, journal.state("torn-number"));
    }
  }

  @Test
  void anAnswerThatCannotBeWrittenIsStillRememberedByThisRun(@TempDir Path dir) throws Exception {
    CommandJournal journal = CommandJournal.open(dir.resolve("executed-commands.log"));
    journal.started("ran", System.currentTimeMillis() + 60_000);
    journal.close(); // every write fails from now on
    assertThrows(
        IOException.class, () -> journal.answered("ran", System.currentTimeMillis() + 60_000));
    assertEquals(CommandJournal.State.ANSWERED, journal.state("ran"), "not answered again");
    assertThrows(
        IOException.class, () -> journal.started("next", System.currentTimeMillis() + 60_000));
    assertEquals(CommandJournal.State.NEW, journal.state("next"), "not started without its line");
    assertTrue(journal.working(), "a write that fails is no failed sync");
  }
}
