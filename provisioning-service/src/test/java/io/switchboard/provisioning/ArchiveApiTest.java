package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector's store and restore over real HTTP, applied to nodes behind real gateways. */
@ExtendWith(KafkaExtension.class)
class ArchiveApiTest {
  private static final String USER =
      "<include>\n  <user id=\"20005\">\n    <params>\n      <param name=\"password\""
          + " value=\"secret\"/>\n    </params>\n  </user>\n</include>\n";

  @Test
  void aStoredDirectoryRestoredAfterChangesIsWhatEveryNodeAndTheFolderHoldAgain(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2).startService()) {
      f.handEdit(
          "autoload_configs/conference.conf.xml",
          "<configuration name=\"conference.conf\">\n  <profiles>\n"
              + "    <profile name=\"default\"/>\n  </profiles>\n</configuration>\n");
      f.admin("POST", "/api/users/add", users("anna", "ben"), 200);
      f.admin(
          "POST",
          "/api/conferences/add",
          "[{\"name\":\"daily\",\"type\":\"default\",\"context\":\"team\"}]",
          200);
      HttpResponse<byte[]> stored = f.adminBytes("GET", "/api/store/directory", null);
      assertEquals(200, stored.statusCode(), new String(stored.body(), StandardCharsets.UTF_8));
      Map<String, String> entries = entries(stored.body());
      // Only the users: the dialplan is another folder.
      assertEquals(
          List.of("directory/team/20000.xml", "directory/team/20001.xml"),
          new ArrayList<>(entries.keySet()));
      assertEquals(
          Files.readString(f.serviceDir.resolve("directory/team/20000.xml")),
          entries.get("directory/team/20000.xml"));

      f.admin("POST", "/api/users/del", "[{\"id\":\"20000\"}]", 200);
      f.admin("POST", "/api/users/add", users("cleo"), 200);
      JsonObject restored =
          new JsonObject(
              new String(
                  f.adminBytes("POST", "/api/restore/directory", stored.body()).body(),
                  StandardCharsets.UTF_8));
      assertEquals("restore/directory", restored.getString("op"), restored.encode());
      assertEquals("", restored.getString("failed"), restored.encode());

      for (String node : f.nodeIds()) {
        String team = f.loadedDomain(node, "team");
        assertTrue(team.contains("value=\"anna\"") && team.contains("value=\"ben\""), team);
        assertFalse(team.contains("value=\"cleo\""), team);
        assertEquals(
            entries.get("directory/team/20000.xml"),
            Files.readString(f.nodeDirs.get(node).resolve("directory/team/20000.xml")));
      }
      assertEquals(entries, managedFiles(f.serviceDir, "directory"));
      // The dialplan was not part of the archive and is untouched.
      assertTrue(Files.exists(f.serviceDir.resolve("dialplan/team/20002.xml")));
    }
  }

  @Test
  void aCorruptOrPathEscapingArchiveLeavesTheLiveConfigurationUntouched(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      f.admin("POST", "/api/users/add", users("anna"), 200);
      f.handEdit("directory/team/notes.txt", "not a managed file: carried over by a restore\n");
      String node = f.nodeIds().get(0);
      Map<String, String> treeBefore = tree(f.serviceDir);
      Object liveFolder = fileKey(f.serviceDir.resolve("directory/team"));
      Map<String, String> folderBefore = managedFiles(f.serviceDir, "directory");
      Map<String, String> nodeBefore = managedFiles(f.nodeDirs.get(node), "directory");
      long reloadsBefore = reloads(f, node);
      byte[] good = tar(Map.of("directory/team/20005.xml", USER), TarConstants.LF_NORMAL);
      Map<String, byte[]> bad = unsoundArchives(good);
      for (Map.Entry<String, byte[]> archive : bad.entrySet()) {
        HttpResponse<byte[]> response =
            f.adminBytes("POST", "/api/restore/directory", archive.getValue());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(400, response.statusCode(), archive.getKey() + ": " + body);
        String failed = new JsonObject(body).getString("failed");
        String expected = archive.getKey().replaceFirst("^[a-z ]+: ", "");
        assertTrue(failed.contains(expected), archive.getKey() + ": " + body);
      }
      assertEquals(folderBefore, managedFiles(f.serviceDir, "directory"));
      assertEquals(treeBefore, tree(f.serviceDir), "byte for byte, and nothing staged is left");
      assertEquals(liveFolder, fileKey(f.serviceDir.resolve("directory/team")));
      assertEquals(nodeBefore, managedFiles(f.nodeDirs.get(node), "directory"));
      assertEquals(reloadsBefore, reloads(f, node), "no archive reached the node");
      assertFalse(Files.exists(dir.resolve("x.xml")));
      assertTrue(f.loadedDomain(node, "team").contains("value=\"anna\""));

      // The same archive, sound, goes through: the refusals above were the archives' own.
      HttpResponse<byte[]> sound = f.adminBytes("POST", "/api/restore/directory", good);
      assertEquals(200, sound.statusCode(), new String(sound.body(), StandardCharsets.UTF_8));
      assertEquals(
          Map.of("directory/team/20005.xml", USER), managedFiles(f.serviceDir, "directory"));
      assertTrue(f.loadedDomain(node, "team").contains("id=\"20005\""));
      assertFalse(f.loadedDomain(node, "team").contains("value=\"anna\""));
      // Swapped: a new folder in the live one's place, what was not managed carried into it.
      assertFalse(liveFolder.equals(fileKey(f.serviceDir.resolve("directory/team"))));
      assertEquals(
          treeBefore.get("directory/team/notes.txt"),
          tree(f.serviceDir).get("directory/team/notes.txt"));
      assertEquals(
          List.of("friends", "friends.xml", "team", "team.xml").stream()
              .filter(n -> Files.exists(f.serviceDir.resolve("directory").resolve(n)))
              .toList(),
          Files.list(f.serviceDir.resolve("directory"))
              .map(p -> p.getFileName().toString())
              .sorted()
              .toList(),
          "no staged or replaced folder is left beside the live one");
    }
  }

  @Test
  void storeAndRestoreAreTheAdminsAndTheFolderNameIsChecked(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 1).startService()) {
      f.admin("POST", "/api/users/add", users("anna"), 200);
      assertEquals(401, f.api("GET", "/api/store/directory", null, null).statusCode());
      assertEquals(401, f.api("GET", "/api/store/directory", null, "wrong").statusCode());
      HttpResponse<String> unknown = f.api("GET", "/api/store/etc", null, ClusterFixture.TOKEN);
      assertEquals(400, unknown.statusCode(), unknown.body());
      assertTrue(unknown.body().contains("folder"), unknown.body());
      byte[] all = f.adminBytes("GET", "/api/store/freeswitch", null).body();
      assertEquals(List.of("directory/team/20000.xml"), new ArrayList<>(entries(all).keySet()));
      assertArrayEquals(
          entries(all).get("directory/team/20000.xml").getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(f.serviceDir.resolve("directory/team/20000.xml")));
    }
  }

  /**
   * Archives a restore must refuse, each under the text its refusal must hold (after "label: ").
   */
  private static Map<String, byte[]> unsoundArchives(byte[] good) throws IOException {
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put("truncated: not a readable .tar.gz", Arrays.copyOf(good, good.length / 2));
    bad.put("plain text: not a readable .tar.gz", "<include/>".getBytes(StandardCharsets.UTF_8));
    bad.put("empty body: not a readable .tar.gz", new byte[0]);
    bad.put("no managed file", tar(Map.of(), TarConstants.LF_NORMAL));
    bad.put("../../etc/passwd", tar(Map.of("../../etc/passwd.xml", USER), TarConstants.LF_NORMAL));
    bad.put(
        "directory/team/../../../x.xml",
        tar(Map.of("directory/team/../../../x.xml", USER), TarConstants.LF_NORMAL));
    bad.put("/etc", tar(Map.of("/etc/team/20005.xml", USER), TarConstants.LF_NORMAL));
    bad.put("link", tar(Map.of("directory/team/20005.xml", ""), TarConstants.LF_SYMLINK));
    bad.put("device", tar(Map.of("directory/team/20005.xml", ""), TarConstants.LF_CHR));
    bad.put(
        "dialplan/team/20005.xml",
        tar(Map.of("dialplan/team/20005.xml", USER), TarConstants.LF_NORMAL));
    bad.put("directory/team.xml", tar(Map.of("directory/team.xml", USER), TarConstants.LF_NORMAL));
    bad.put(
        "X-PRE-PROCESS",
        tar(
            Map.of(
                "directory/team/20005.xml",
                "<include><X-PRE-PROCESS cmd=\"exec\" data=\"id\"/></include>"),
            TarConstants.LF_NORMAL));
    bad.put(
        "not well-formed",
        tar(
            Map.of("directory/team/20005.xml", USER.replace("</user>", "")),
            TarConstants.LF_NORMAL));
    bad.put(
        "larger than",
        tar(
            Map.of(
                "directory/team/20005.xml",
                "<include><!--" + "x".repeat(1 << 20) + "--></include>"),
            TarConstants.LF_NORMAL));

    return bad;
  }

  private static String users(String... names) {
    StringBuilder body = new StringBuilder("[");
    for (String name : names) {
      body.append(body.length() > 1 ? "," : "")
          .append(
              new JsonObject()
                  .put("name", name)
                  .put("email", name + "@example.org")
                  .put("context", "team")
                  .encode());
    }
    return body.append(']').toString();
  }

  private static long reloads(ClusterFixture f, String node) {
    return f.nodes.get(node).commandLog().stream().filter(c -> c.contains("reloadxml")).count();
  }

  /** A tarball as an attacker would make it: names kept as given, the entry type chosen. */
  private static byte[] tar(Map<String, String> files, byte type) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), type, true);
        if (type == TarConstants.LF_SYMLINK) {
          entry.setLinkName("/etc/passwd");
        } else if (type == TarConstants.LF_NORMAL) {
          entry.setSize(content.length);
        }
        tar.putArchiveEntry(entry);
        if (type == TarConstants.LF_NORMAL) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, String> entries(byte[] archive) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /** Every file and folder under {@code root} (hidden ones too), with each file's bytes. */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        entries.put(
            root.relativize(p).toString(),
            Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                ? "folder"
                : Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      }
    }
    return entries;
  }

  private static Object fileKey(Path dir) throws IOException {
    return Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  /** The *.xml files under {@code folder} of a configuration folder, by relative path. */
  private static Map<String, String> managedFiles(Path conf, String folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(conf.resolve(folder))) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = conf.relativize(file).toString();
        // The node's installed context files (directory/team.xml) are not managed.
        if (relative.chars().filter(c -> c == '/').count() == 2 && relative.endsWith(".xml")) {
          files.put(relative, Files.readString(file));
        }
      }
    }
    return files;
  }
}
