package io.switchboard.testkit.kamailio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One INVITE to a room number sent by sipp (Debian's sip-tester) through the registrar, from sipp's
 * built-in UAC scenario. Where the call went is read from the registrar: the simulated FreeSWITCH
 * does not answer INVITEs, so how the call ends does not matter.
 */
public final class Sipp {
  private Sipp() {}

  /** Starts the call; the process ends on its own within 8 s, its log in {@code dir}. */
  public static Process start(String registrar, String room, Path dir) throws Exception {
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
            // sipp's local address, of the registrar's family: [::1]:port is IPv6.
            registrar.startsWith("[") ? "::1" : "127.0.0.1",
            "-p",
            "0",
            "-timeout",
            "8s",
            "-nostdin",
            registrar)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("sipp-" + room + "-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  /** Sends the call and waits for sipp to end. */
  public static void invite(String registrar, String room, Path dir) throws Exception {
    await(start(registrar, room, dir));
  }

  /** Waits for sipp to end, or ends it. */
  public static void await(Process sipp) throws InterruptedException {
    if (!sipp.waitFor(20, TimeUnit.SECONDS)) {
      sipp.destroyForcibly();
    }
  }
}
