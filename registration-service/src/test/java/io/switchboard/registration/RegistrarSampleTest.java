package io.switchboard.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.kamailio.Kamailio;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped registrar sample passes Kamailio's own check, as shipped and on IPv6 loopback. */
class RegistrarSampleTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "LISTEN=udp:[::1]:5060"})
  void theShippedKamailioConfigurationPassesKamailioCheck(String define) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Kamailio.installed("kamailio").toString());
    command.add("-c");
    command.add("-f");
    command.add(Kamailio.SAMPLE.toAbsolutePath().toString());
    if (!define.isEmpty()) {
      command.add("-A");
      command.add(define);
    }
    Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(check.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, check.exitValue(), out);
    assertTrue(out.contains("config file ok"), out);
  }
}
