package io.switchboard.testkit.freeswitch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The standalone simulator's command line, as the demo starts it. */
class FreeSwitchSimulatorMainTest {

  @Test
  void helpListsEveryOptionAndStartsNothing() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      FreeSwitchSimulatorMain.main(new String[] {"--help"});
    } finally {
      System.setOut(original);
    }
    String help = captured.toString(StandardCharsets.UTF_8);
    for (String option :
        List.of(
            "--port",
            "--password",
            "--conf-dir",
            "--hostname",
            "--heartbeat",
            "--acl",
            "--demo",
            "--help")) {
      assertTrue(help.contains("  " + option + " "), option + " missing from:\n" + help);
    }
  }

  @Test
  void aBadAclEntryOrAnUnknownOptionIsRefusedBeforeAnythingListens() {
    IllegalArgumentException acl =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FreeSwitchSimulatorMain.main(
                    new String[] {"--port", "0", "--acl", "127.0.0.0/8,localnet.auto"}));
    assertTrue(acl.getMessage().contains("'localnet.auto'"), acl.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> FreeSwitchSimulatorMain.main(new String[] {"--nope"}));
    assertTrue(
        unknown.getMessage().startsWith("unknown option --nope\nusage:"), unknown.getMessage());
  }
}
