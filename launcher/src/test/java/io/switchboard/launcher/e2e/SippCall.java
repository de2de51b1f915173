package io.switchboard.launcher.e2e;

import io.switchboard.testkit.kamailio.Kamailio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One INVITE to a room number sent by sipp (Debian's sip-tester) through the registrar. */
final class SippCall {
  private SippCall() {}

  /**
   * Starts one call of sipp's built-in UAC scenario to {@code room} at {@code registrar}; where it
   * went is read from the registrar, since the simulated FreeSWITCH does not answer INVITEs. The
   * process ends on its own within its timeout.
   */
  static Process start(String registrar, String room, Path dir) throws Exception {
    Path sipp = Kamailio.installed("sipp");
    Files.createDirectories(dir);
    return new ProcessBuilder(
            sipp.toString(),
            "-sn",
            "uac",
            "-s",
            room,
            "-m",
            "1",
            "-i",
            "127.0.0.1",
            "-p",
            "0",
            "-timeout",
            "6s",
            "-nostdin",
            registrar)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("sipp-" + room + "-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  static void await(Process sipp) throws InterruptedException {
    if (!sipp.waitFor(20, TimeUnit.SECONDS)) {
      sipp.destroyForcibly();
    }
  }
}
