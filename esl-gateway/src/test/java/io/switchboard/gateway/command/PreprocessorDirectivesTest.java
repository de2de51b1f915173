package io.switchboard.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreprocessorDirectivesTest {
  private static final String GATEWAY =
      "<include>\n  <gateway name=\"room-72013\">\n"
          + "    <param name=\"realm\" value=\"sip.example.org\"/>\n  </gateway>\n</include>\n";

  @Test
  void aGatewayFileHasNothingForThePreprocessor() {
    assertEquals(Optional.empty(), PreprocessorDirectives.problem(GATEWAY));
    assertEquals(
        Optional.empty(),
        PreprocessorDirectives.problem("<param name=\"realm\" value=\"$${domain}\"/>\r\n"));
  }

  @Test
  void everyDirectiveFormFreeSwitchRunsIsRefused() {
    for (String directive :
        List.of(
            "<X-PRE-PROCESS cmd=\"exec\" data=\"touch /tmp/pwned\"/>",
            "<X-PRE-PROCESS cmd=\"exec-set\" data=\"x=id\"/>",
            "<x-pre-process cmd=\"include\" data=\"/etc/*.xml\"/>",
            "<X-Pre-Process cmd=\"set\" data=\"default_password=1\"/>",
            "<X-PRE-PROCESS cmd=\"env-set\" data=\"A=b\"/>",
            "<X-PRE-PROCESS cmd=\"stun-set\" data=\"a=stun:x\"/>",
            "<!--#exec \"touch /tmp/pwned\"-->",
            "<!--#include \"/etc/passwd\"-->",
            "<param name=\"a\"/><X-PRE-PROCESS cmd=\"exec\" data=\"id\"/>")) {
      Optional<String> problem = PreprocessorDirectives.problem(GATEWAY + directive + "\n");
      assertTrue(problem.isPresent(), directive);
      assertTrue(problem.get().startsWith("line 6 holds a preprocessor directive"), problem.get());
    }
  }

  @Test
  void aDirectiveCannotHideBehindACarriageReturnOrAControlCharacter() {
    // switch_fp_read_dline ends a line at CR as at LF.
    assertTrue(
        PreprocessorDirectives.problem("<gateway/>\r<X-PRE-PROCESS cmd=\"exec\" data=\"id\"/>")
            .get()
            .startsWith("line 2 "));
    assertEquals(
        Optional.of("content contains the control character U+0000 on line 1"),
        PreprocessorDirectives.problem(
            "<gateway/>\u0000<X-PRE-PROCESS cmd=\"exec\" data=\"id\"/>"));
  }
}
