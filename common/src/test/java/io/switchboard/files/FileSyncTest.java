package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncTest {
  private static List<FileSync.Content> contents(Path dir, int count) {
    List<FileSync.Content> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(
          new FileSync.Content(
              dir.resolve("f" + i), ("file " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8)));
    }
    return files;
  }

  @Test
  void writesEveryFileWithItsBytes(@TempDir Path dir) throws Exception {
    List<FileSync.Content> files = contents(dir, 100);
    FileSync.writeAll(files);
    for (FileSync.Content file : files) {
      assertArrayEquals(file.bytes(), Files.readAllBytes(file.file()), file.file().toString());
    }
    // One file is written on the caller's thread, none is the empty list's.
    FileSync.writeAll(contents(dir.resolve("one"), 0));
    Files.createDirectories(dir.resolve("one"));
    FileSync.writeAll(contents(dir.resolve("one"), 1));
    assertEquals("file 0", Files.readString(dir.resolve("one").resolve("f0")));
  }

  @Test
  void aFileThatExistsFailsNamingItAfterTheOthersAreDone(@TempDir Path dir) throws Exception {
    List<FileSync.Content> files = contents(dir, 40);
    Files.writeString(files.get(17).file(), "already here");

    FileSync.Failed failed = assertThrows(FileSync.Failed.class, () -> FileSync.writeAll(files));

    assertEquals(files.get(17).file(), failed.file());
    assertEquals("already here", Files.readString(files.get(17).file()), "never overwritten");
    // The call returns only once every other file is done, so that a caller removing what was
    // written removes it all.
    for (int i = 0; i < files.size(); i++) {
      if (i != 17) {
        assertArrayEquals(files.get(i).bytes(), Files.readAllBytes(files.get(i).file()));
      }
    }
  }

  @Test
  void aSpareIsFilledInPlaceAndNeverThroughALink(@TempDir Path dir) throws Exception {
    Path spare = Files.createFile(dir.resolve("spare-1"));
    FileSync.writeAll(List.of(new FileSync.Content(spare, "mine".getBytes(), true)));
    assertEquals("mine", Files.readString(spare));

    Path victim = Files.writeString(dir.resolve("victim"), "untouched");
    Path link = Files.createSymbolicLink(dir.resolve("spare-2"), victim);
    FileSync.Failed failed =
        assertThrows(
            FileSync.Failed.class,
            () -> FileSync.writeAll(List.of(new FileSync.Content(link, "evil".getBytes(), true))));
    assertEquals(link, failed.file());
    assertEquals("untouched", Files.readString(victim));
  }
}
