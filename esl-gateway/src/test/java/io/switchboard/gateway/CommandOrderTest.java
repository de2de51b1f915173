package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.testkit.Await;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The order commands of one node start in, with FreeSWITCH holding its bgapi jobs for as long as
 * the test needs: a file command does not wait for an API command still running, an API command
 * waits for everything before it, and nothing starts before a command published earlier.
 */
class CommandOrderTest extends CommandGatewayTest {
  private static final String FOLDER = "sip_profiles/external/";

  private Command put(String name) {
    return CommandBus.put(f.node, FOLDER + name);
  }

  /**
   * A put of 120 files named {@code <prefix><n>.xml}: each is synced, so it runs long enough that a
   * command let in beside it starts before it ends; few enough that it and a command or two after
   * it fit in one producer batch (16 KiB) and so reach the gateway in one poll.
   */
  private Command manyFiles(String prefix) {
    List<Command.FileContent> files = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      files.add(
          new Command.FileContent(FOLDER + prefix + i + ".xml", "<include>\n</include>\n", null));
    }
    long now = System.currentTimeMillis();
    return Command.filesPut("files-" + UUID.randomUUID(), f.node, files, "test", now, now + 30_000);
  }

  /** A reloadxml sent and running in FreeSWITCH, which holds it until released. */
  private Command reloadHeldInFreeSwitch() throws Exception {
    f.fs.holdBackgroundJobs();
    Command reload = CommandBus.api(f.node, "reloadxml");
    bus.send(reload);
    Await.until(() -> bgapis().contains("bgapi reloadxml"), "reloadxml sent to FreeSWITCH");
    return reload;
  }

  private List<String> bgapis() {
    return f.fs.commandLog().stream().filter(c -> c.startsWith("bgapi")).toList();
  }

  @Test
  void aFileCommandDoesNotWaitForARunningApiCommandAndAnApiCommandWaitsForAll() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    f.fs.holdBackgroundJobs();
    Command reload = CommandBus.api(f.node, "reloadxml");
    Command first = put("first.xml");
    Command status = CommandBus.api(f.node, "status");
    Command second = put("second.xml");
    bus.sendAllRaw(
        f.node, List.of(reload, first, status, second).stream().map(Json::encode).toList());

    CommandResult firstResult = bus.resultOf(first.id());
    assertEquals(CommandResult.Status.OK, firstResult.status(), firstResult.error());
    assertTrue(Files.exists(f.confDir.resolve(FOLDER + "first.xml")));
    // reloadxml is still running in FreeSWITCH: status may not start, nor the put after it.
    Await.until(() -> !bgapis().isEmpty(), "reloadxml sent to FreeSWITCH");
    assertEquals(List.of("bgapi reloadxml"), bgapis());
    assertTrue(bus.resultsOf(reload.id()).isEmpty(), "reloadxml has not finished");
    assertTrue(bus.resultsOf(second.id()).isEmpty(), "the put after status waits for its start");
    assertTrue(Files.notExists(f.confDir.resolve(FOLDER + "second.xml")));

    f.fs.releaseBackgroundJobs();
    CommandResult reloaded = bus.resultOf(reload.id());
    CommandResult statusResult = bus.resultOf(status.id());
    assertEquals(CommandResult.Status.OK, reloaded.status(), reloaded.error());
    assertEquals(CommandResult.Status.OK, statusResult.status(), statusResult.error());
    assertEquals(CommandResult.Status.OK, bus.resultOf(second.id()).status());
    assertEquals(List.of("bgapi reloadxml", "bgapi status"), bgapis());
    assertTrue(
        statusResult.startedAt() >= reloaded.finishedAt(),
        "status started after reloadxml finished: " + statusResult + " / " + reloaded);
    assertTrue(
        reloaded.finishedAt() > firstResult.finishedAt(),
        "the first put finished while reloadxml ran");
  }

  @Test
  void aLaterBatchsFileCommandDoesNotWaitForARunningApiCommand() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    Command reload = reloadHeldInFreeSwitch();
    Command file = put("later.xml");
    bus.send(file);
    CommandResult written = bus.resultOf(file.id());
    assertEquals(CommandResult.Status.OK, written.status(), written.error());
    assertTrue(bus.resultsOf(reload.id()).isEmpty(), "reloadxml has not finished");

    Command status = CommandBus.api(f.node, "status");
    bus.send(status);
    f.fs.releaseBackgroundJobs();
    CommandResult reloaded = bus.resultOf(reload.id());
    CommandResult statusResult = bus.resultOf(status.id());
    assertEquals(CommandResult.Status.OK, reloaded.status(), reloaded.error());
    assertTrue(
        statusResult.startedAt() >= reloaded.finishedAt(),
        "an API command of a later batch waits for the one running: " + statusResult);
  }

  @Test
  void aCommandDeliveredAgainWhileItRunsIsAnsweredOnce() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    Command reload = reloadHeldInFreeSwitch();
    // Its batch is committed while it runs; an issuer sends it again, then a put.
    bus.send(reload);
    Command file = put("after.xml");
    bus.send(file);
    f.fs.releaseBackgroundJobs();
    assertEquals(CommandResult.Status.OK, bus.resultOf(reload.id()).status());
    // The put starts only after the second delivery did, which is after reloadxml ended.
    assertEquals(CommandResult.Status.OK, bus.resultOf(file.id()).status());
    assertEquals(1, bus.resultsOf(reload.id()).size(), "one result for the command");
    assertEquals(List.of("bgapi reloadxml"), bgapis(), "run once");
  }

  @Test
  void anApiCommandStartsOnlyOnceTheFilesBeforeItAreWritten() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    Command file = manyFiles("g");
    Command reload = CommandBus.api(f.node, "reloadxml");
    bus.sendAllRaw(f.node, List.of(file, reload).stream().map(Json::encode).toList());

    CommandResult written = bus.resultOf(file.id());
    CommandResult reloaded = bus.resultOf(reload.id());
    assertEquals(CommandResult.Status.OK, written.status(), written.error());
    assertEquals(CommandResult.Status.OK, reloaded.status(), reloaded.error());
    assertTrue(
        reloaded.startedAt() >= written.finishedAt(),
        "reloadxml started after the put before it finished: " + reloaded + " / " + written);
  }

  @Test
  void filesOfDifferentNamesAreWrittenAtTheSameTimeAndASameNamedDeleteWaitsForThePut()
      throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on"));
    Command many = manyFiles("m");
    long now = System.currentTimeMillis();
    Command other = put("other.xml");
    // The many's last file, by another spelling of its path.
    Command delete =
        Command.fileDelete(
            "delete-" + UUID.randomUUID(),
            f.node,
            "sip_profiles/./external//m119.xml/",
            "test",
            now,
            now + 30_000);
    bus.sendAllRaw(f.node, List.of(many, other, delete).stream().map(Json::encode).toList());

    CommandResult manyResult = bus.resultOf(many.id());
    CommandResult otherResult = bus.resultOf(other.id());
    CommandResult deleted = bus.resultOf(delete.id());
    assertEquals(CommandResult.Status.OK, manyResult.status(), manyResult.error());
    assertEquals(CommandResult.Status.OK, otherResult.status(), otherResult.error());
    assertTrue(
        otherResult.startedAt() < manyResult.finishedAt(),
        "the other file's put started while the 120 files were written: "
            + otherResult
            + " / "
            + manyResult);
    assertEquals(CommandResult.Status.OK, deleted.status(), deleted.error());
    assertTrue(deleted.reply().startsWith("deleted"), deleted.reply());
    assertTrue(Files.notExists(f.confDir.resolve(FOLDER + "m119.xml")));
    assertTrue(
        deleted.startedAt() >= manyResult.finishedAt(),
        "a command on a file of the same name waits: " + deleted + " / " + manyResult);
  }
}
