package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.bus.Command;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a file command holds while it runs beside others: the names its paths can reach. */
class CommandClaimTest {
  private static Command put(String path) {
    return Command.filePut("id-1", "node", path, "<include/>", "test", 1, 2);
  }

  @Test
  void spellingsOfOnePathClaimTheSameNames() {
    BatchSchedule.Claim plain = CommandProcessor.claim(put("sip_profiles/external/gw.xml"));
    assertEquals(
        new BatchSchedule.Claim("id-1", Set.of("gw.xml"), Set.of("sip_profiles", "external")),
        plain);
    for (String other :
        List.of(
            "sip_profiles/./external/gw.xml",
            "sip_profiles//external/gw.xml/",
            "SIP_profiles/External/GW.xml")) {
      assertEquals(plain, CommandProcessor.claim(put(other)), other);
    }
  }

  @Test
  void lettersAFileSystemBlindToCaseMayTakeForOneAnotherClaimOneName() {
    assertEquals(
        CommandProcessor.claim(put("dialplan/straße.xml")).files(),
        CommandProcessor.claim(put("dialplan/STRASSE.xml")).files());
  }

  @Test
  void aFilesPutClaimsEveryFile() {
    Command files =
        Command.filesPut(
            "id-2",
            "node",
            List.of(
                new Command.FileContent("directory/team/1000.xml", "<include/>", null),
                new Command.FileContent("directory/team/1001.xml", "<include/>", null)),
            "test",
            1,
            2);
    assertEquals(
        new BatchSchedule.Claim(
            "id-2", Set.of("1000.xml", "1001.xml"), Set.of("directory", "team")),
        CommandProcessor.claim(files));
  }

  @Test
  void aPathThatCannotBeReadRunsAlone() {
    assertNull(CommandProcessor.claim(put(null)));
    assertNull(CommandProcessor.claim(put("sip_profiles/a\0b.xml")));
    // As JSON can carry it: "files": [{...}, null].
    Command withAHole =
        new Command(
            Command.VERSION,
            "id-3",
            "node",
            Command.Op.FILES_PUT,
            null,
            null,
            null,
            "test",
            1,
            2,
            null,
            null,
            Arrays.asList(new Command.FileContent("a/b.xml", "x", null), null));
    assertNull(CommandProcessor.claim(withAHole));
  }
}
