package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareFilesTest {
  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void opensWithoutAnEarlierRunsSparesAndMakesAsManyAsAsked(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("spare");
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(folder.resolve("spare-left-by-a-crash"), "");
    Files.writeString(folder.resolve("operator-notes.txt"), "mine");

    try (SpareFiles spares = SpareFiles.open(folder, 5)) {
      Await.until(() -> spares.ready() == 5, "5 spares ready");
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)),
          "no one else may open a spare before it is filled");
      List<String> names = names(folder);
      assertFalse(names.contains("spare-left-by-a-crash"), names.toString());
      assertTrue(names.contains("operator-notes.txt"), "only spare-* files are deleted");
      assertEquals(6, names.size(), names.toString());
      for (String name : names) {
        if (name.startsWith("spare-")) {
          assertEquals(0, Files.size(folder.resolve(name)), name);
        }
      }
    }
    assertEquals(List.of("operator-notes.txt"), names(folder), "closing deletes what is unused");
  }

  @Test
  void eachSpareIsHandedOutOnceAndMadeAgainAfterThePause(@TempDir Path dir) throws Exception {
    Path target = Files.createDirectories(dir.resolve("profile"));
    try (SpareFiles spares = SpareFiles.open(dir.resolve("spare"), 4)) {
      Await.until(() -> spares.ready() == 4, "4 spares ready");
      Set<Path> taken = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        Path spare = spares.take(target);
        assertNotNull(spare);
        assertTrue(Files.exists(spare));
        taken.add(spare);
        Files.move(spare, target.resolve("g" + i + ".xml"));
      }
      assertEquals(4, taken.size(), "no spare handed out twice");
      assertNull(spares.take(target), "none left: the writer makes its own");
      assertEquals(1, spares.missed());

      Await.until(() -> spares.ready() == 4, "spares made again");
      Path next = spares.take(target);
      assertFalse(taken.contains(next));
      assertEquals(
          List.of("g0.xml", "g1.xml", "g2.xml", "g3.xml"), names(target), "the probe left nothing");
    }
  }

  @Test
  void aSpareRemovedBehindItsBackIsSkippedAndTheFolderMadeAgain(@TempDir Path dir)
      throws Exception {
    Path folder = dir.resolve("spare");
    Path target = Files.createDirectories(dir.resolve("profile"));
    try (SpareFiles spares = SpareFiles.open(folder, 3)) {
      Await.until(() -> spares.ready() == 3, "3 spares ready");
      List<String> names = names(folder);
      Files.delete(folder.resolve(names.get(0)));
      Files.delete(folder.resolve(names.get(1)));
      assertEquals(folder.resolve(names.get(2)), spares.take(target));

      try (Stream<Path> all = Files.list(folder)) {
        for (Path spare : all.toList()) {
          Files.delete(spare);
        }
      }
      Files.delete(folder);
      Await.until(() -> spares.ready() == 3, "spares made again in a folder made again");
      assertEquals(3, names(folder).size());
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }
  }

  @Test
  void aFolderOnAnotherMountGetsNone(@TempDir Path dir) throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("mounted"));
    Path here = Files.createDirectories(dir.resolve("profile"));
    try (SpareFiles spares = new SpareFiles(dir.resolve("spare"), 2, f -> !f.equals(elsewhere))) {
      Await.until(() -> spares.ready() == 2, "2 spares ready");
      assertNull(spares.take(elsewhere), "a rename there would be a copy");
      assertEquals(2, spares.ready());
      assertEquals(1, spares.missed());
      assertNotNull(spares.take(here));
    }
  }

  @Test
  void aFolderForgottenIsProbedAgain(@TempDir Path dir) throws Exception {
    Path target = Files.createDirectories(dir.resolve("profile"));
    java.util.concurrent.atomic.AtomicBoolean suits =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try (SpareFiles spares = new SpareFiles(dir.resolve("spare"), 3, f -> suits.get())) {
      Await.until(() -> spares.ready() == 3, "3 spares ready");
      assertNotNull(spares.take(target));
      suits.set(false); // the folder became another mount, say
      assertNotNull(spares.take(target), "what the probe found is remembered");
      spares.forget(target);
      assertNull(spares.take(target), "probed again after a rename failed there");
    }
  }

  @Test
  void aLinkInPlaceOfTheFolderIsRefused(@TempDir Path dir) throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("spare"), real);
    IOException refused = assertThrows(IOException.class, () -> SpareFiles.open(link, 2));
    assertTrue(refused.getMessage().contains("must be a folder, not a link"), refused.getMessage());
    assertEquals(List.of(), names(real));
  }
}
