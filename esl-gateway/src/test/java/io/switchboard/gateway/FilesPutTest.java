package io.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.security.SecretSealer;
import io.switchboard.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code files.put} against the simulator and the broker: many files in one command with one
 * result, written all or none, each path and content checked as a single put's, and the limits on
 * count and total size refused by name.
 */
class FilesPutTest extends CommandGatewayTest {
  private static final String KEY = key();
  private static final String FOLDER = "sip_profiles/external/";
  private static final Map<String, String> ON =
      Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY);

  private static String key() {
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) 7);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static String xml(int i) {
    return "<include><gateway name=\"g" + i + "\"/></include>\n";
  }

  private static Command.FileContent sealed(String path, String text) {
    return new Command.FileContent(path, null, SecretSealer.fromKeys(List.of(KEY)).seal(text));
  }

  private static Command.FileContent plain(String path, String text) {
    return new Command.FileContent(path, text, null);
  }

  private CommandResult run(List<Command.FileContent> files) throws Exception {
    long now = System.currentTimeMillis();
    Command command =
        Command.filesPut(
            "files-" + UUID.randomUUID(), f.node, files, "provisioning", now, now + 30_000);
    bus.send(command);
    return bus.resultOf(command.id());
  }

  private List<Command.FileContent> batch(int count) {
    List<Command.FileContent> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = FOLDER + (i % 2 == 0 ? "" : "sub/") + "g" + i + ".xml";
      files.add(i % 3 == 0 ? plain(path, xml(i)) : sealed(path, xml(i)));
    }
    return files;
  }

  /** What is in the writable folder, temporary files included. */
  private List<String> folder() throws Exception {
    Path root = f.confDir.resolve(FOLDER);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList();
    }
  }

  @Test
  void aBatchWritesEveryFileWithOneResult() throws Exception {
    start(ON);
    List<Command.FileContent> files = batch(60);
    CommandResult result = run(files);
    assertEquals(CommandResult.Status.OK, result.status(), result.error());
    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      assertEquals(xml(i), Files.readString(f.confDir.resolve(files.get(i).path())));
      bytes += xml(i).length();
    }
    assertEquals("wrote 60 files, " + bytes + " bytes", result.reply());
    assertEquals(60, folder().size(), "no temporary file left: " + folder());
  }

  @Test
  void onePathEscapingTheFolderWritesNothing() throws Exception {
    start(ON);
    Path kept = f.confDir.resolve(FOLDER + "g0.xml");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, "<old/>");
    List<Command.FileContent> files = new ArrayList<>(batch(5));
    files.set(3, plain(FOLDER + "../../vars.xml", "<include/>"));
    CommandResult result = run(files);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals(
        "files[3] (sip_profiles/external/../../vars.xml): path must not contain '..': "
            + "sip_profiles/external/../../vars.xml",
        result.error());
    assertEquals(List.of("g0.xml"), folder());
    assertEquals("<old/>", Files.readString(kept));
    assertFalse(Files.exists(f.confDir.resolve("vars.xml")));
  }

  @Test
  void oneBadSealWritesNothing() throws Exception {
    start(ON);
    List<Command.FileContent> files = new ArrayList<>(batch(5));
    String other = Base64.getEncoder().encodeToString(new byte[32]);
    files.set(
        4,
        new Command.FileContent(
            FOLDER + "g4.xml", null, SecretSealer.fromKeys(List.of(other)).seal(xml(4))));
    CommandResult result = run(files);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertTrue(
        result.error().startsWith("files[4] (sip_profiles/external/g4.xml): sealedContent: "),
        result.error());
    assertEquals(List.of(), folder());
  }

  @Test
  void aPreprocessorDirectiveOrATwiceGivenPathWritesNothing() throws Exception {
    start(ON);
    List<Command.FileContent> hostile = new ArrayList<>(batch(3));
    hostile.set(1, sealed(FOLDER + "x.xml", "<X-PRE-PROCESS cmd=\"exec\" data=\"id\"/>"));
    CommandResult result = run(hostile);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertTrue(
        result.error().startsWith("files[1] (sip_profiles/external/x.xml): line 1 holds"),
        result.error());
    List<Command.FileContent> twice = new ArrayList<>(batch(3));
    twice.add(plain(FOLDER + "g0.xml", "<x/>"));
    result = run(twice);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals(
        "files[3] (sip_profiles/external/g0.xml): path is given twice: sip_profiles/external/g0.xml",
        result.error());
    assertEquals(List.of(), folder());
  }

  @Test
  void overTheLimitsIsRefusedNamingThem() throws Exception {
    start(Map.of("FS_FILE_COMMANDS", "on", "COMMAND_SEAL_KEY", KEY, "FS_FILES_MAX_BYTES", "1k"));
    List<Command.FileContent> many = new ArrayList<>();
    for (int i = 0; i <= Command.MAX_FILES; i++) {
      many.add(plain(FOLDER + "m" + i + ".xml", "<x/>"));
    }
    CommandResult result = run(many);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals("files holds 1001 files, more than the limit of 1000", result.error());
    List<Command.FileContent> big = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      big.add(sealed(FOLDER + "b" + i + ".xml", "<x>" + "a".repeat(400) + "</x>"));
    }
    result = run(big);
    assertEquals(CommandResult.Status.REJECTED, result.status());
    assertEquals(
        "files of 1221 bytes together exceed the limit of 1024 bytes (FS_FILES_MAX_BYTES)",
        result.error());
    assertEquals(List.of(), folder());
  }

  @Test
  void filesGoThroughSparesMadeAheadWhichNoCommandReaches() throws Exception {
    Map<String, String> settings = new HashMap<>(ON);
    settings.put("FS_FILES_SPARE", "8");
    // Even listed among the writable folders, the spares' folder is the gateway's own.
    settings.put("FS_FILE_FOLDERS", "sip_profiles/external,.switchboard-spare");
    start(settings);
    Path spareFolder = f.confDir.resolve(".switchboard-spare");
    awaitSpares(spareFolder, 8);
    List<String> before = names(spareFolder);

    List<Command.FileContent> files = batch(5);
    CommandResult result = run(files);
    assertEquals(CommandResult.Status.OK, result.status(), result.error());
    for (int i = 0; i < files.size(); i++) {
      assertEquals(xml(i), Files.readString(f.confDir.resolve(files.get(i).path())));
    }
    List<String> after = names(spareFolder);
    assertEquals(
        3,
        before.stream().filter(after::contains).count(),
        "5 spares renamed into place: " + after);
    assertEquals(5, folder().size(), "no temporary file beside the targets: " + folder());

    CommandResult refused = run(List.of(plain(".switchboard-spare/" + after.get(0), "<include/>")));
    assertEquals(CommandResult.Status.REJECTED, refused.status());
    assertEquals(
        "files[0] (.switchboard-spare/"
            + after.get(0)
            + "): path is in the gateway's own .switchboard-spare folder: .switchboard-spare/"
            + after.get(0),
        refused.error());
    assertEquals(0, Files.size(spareFolder.resolve(after.get(0))));

    Path link = f.confDir.resolve(FOLDER + "l");
    Files.createSymbolicLink(link, Path.of("../../.switchboard-spare"));
    CommandResult throughLink = run(List.of(plain(FOLDER + "l/" + after.get(1), "<include/>")));
    assertEquals(CommandResult.Status.REJECTED, throughLink.status());
    assertEquals(
        "files[0] (sip_profiles/external/l/"
            + after.get(1)
            + "): path reaches the gateway's own .switchboard-spare folder: "
            + "sip_profiles/external/l/"
            + after.get(1),
        throughLink.error());
    assertEquals(0, Files.size(spareFolder.resolve(after.get(1))));
    awaitSpares(spareFolder, 8);
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> all = Files.list(folder)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Spares are made in the background, and again once puts pause. */
  private static void awaitSpares(Path folder, int count) {
    Await.until(
        () -> {
          try {
            return Files.isDirectory(folder) && names(folder).size() == count;
          } catch (Exception e) {
            return false;
          }
        },
        count + " spares in " + folder);
  }
}
