package io.switchboard.gateway.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpoolTest {
  private static final long SEGMENT = 4096;

  @TempDir Path dir;

  private static byte[] value(int i) {
    return ("event-" + i + "-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
  }

  private static int index(SpoolRecord r) {
    String s = new String(r.value(), StandardCharsets.UTF_8);
    return Integer.parseInt(s.substring(6, s.indexOf('-', 6)));
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void recordsComeOutInOrderWithTopicAndKey(long tail) throws Exception {
    try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT, tail)) {
      for (int i = 0; i < 100; i++) {
        spool.append(i % 2 == 0 ? "fs.events.conference" : "fs.events.system", "node-1", value(i));
      }
      assertEquals(100, spool.pendingRecords());
      for (int i = 0; i < 100; i++) {
        SpoolRecord r = spool.next(1000);
        assertEquals(i, index(r));
        assertEquals(i % 2 == 0 ? "fs.events.conference" : "fs.events.system", r.topic());
        assertEquals("node-1", r.key());
      }
      assertNull(spool.next(50), "nothing more: the reader times out");
      assertTrue(spool.segmentFiles().size() > 1, "4 KiB segments roll over");
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void aWaitingReaderWakesUpOnAppend(long tail) throws Exception {
    try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT, tail)) {
      CompletableFuture<SpoolRecord> next =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return spool.next(10_000);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(100);
      spool.append("t", "k", value(7));
      assertEquals(7, index(next.get(5, TimeUnit.SECONDS)));
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void acknowledgedSegmentsAreDeletedAndARestartResumesAfterTheAck(long tail) throws Exception {
    List<SpoolRecord> read = new ArrayList<>();
    try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT, tail)) {
      for (int i = 0; i < 200; i++) {
        spool.append("t", "k", value(i));
      }
      for (int i = 0; i < 150; i++) {
        read.add(spool.next(1000));
      }
      int segmentsBefore = spool.segmentFiles().size();
      spool.acknowledge(read.get(119).position(), 120);
      assertEquals(80, spool.pendingRecords());
      assertTrue(spool.segmentFiles().size() < segmentsBefore, "segments behind the ack are gone");
    }
    try (Spool reopened = Spool.open(dir, 1 << 20, SEGMENT, tail)) {
      assertEquals(80, reopened.pendingRecords());
      for (int i = 120; i < 200; i++) {
        assertEquals(i, index(reopened.next(1000)), "resumes at the first unacknowledged record");
      }
      reopened.append("t", "k", value(200));
      assertEquals(200, index(reopened.next(1000)));
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void aTornRecordAtTheEndIsCutOffOnOpen(long tail) throws Exception {
    Path lastSegment;
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, tail)) {
      spool.append("t", "k", value(1));
      spool.append("t", "k", value(2));
      lastSegment = spool.segmentFiles().get(0);
    }
    try (FileChannel ch = FileChannel.open(lastSegment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    try (Spool spool = Spool.open(dir, 1 << 20, 1 << 16, tail)) {
      assertEquals(1, spool.pendingRecords());
      assertEquals(1, index(spool.next(1000)));
      spool.append("t", "k", value(3));
      assertEquals(3, index(spool.next(1000)), "appends continue after the cut");
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void overTheCapTheOldestSegmentIsDroppedAndCounted(long tail) throws Exception {
    try (Spool spool = Spool.open(dir, 4 * SEGMENT, SEGMENT, tail)) {
      for (int i = 0; i < 400; i++) {
        spool.append("t", "k", value(i));
      }
      assertTrue(spool.bytes() <= 4 * SEGMENT + SEGMENT, "bytes " + spool.bytes());
      long dropped = spool.droppedRecords();
      assertTrue(dropped > 0);
      assertEquals(400 - dropped, spool.pendingRecords());
      SpoolRecord first = spool.next(1000);
      assertEquals(dropped, index(first), "the reader continues with the oldest record kept");
      int previous = index(first);
      SpoolRecord r;
      while ((r = spool.next(50)) != null) {
        assertEquals(previous + 1, index(r));
        previous = index(r);
      }
      assertEquals(399, previous);
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void recordsHandedOutButNotAcknowledgedCountAsLostWhenTheirSegmentIsDropped(long tail)
      throws Exception {
    try (Spool spool = Spool.open(dir, 4 * SEGMENT, SEGMENT, tail)) {
      int[] inFlightDropped = {0};
      spool.onInFlightDropped(segment -> inFlightDropped[0]++);
      for (int i = 0; i < 30; i++) {
        spool.append("t", "k", value(i));
      }
      SpoolRecord last = null;
      for (int i = 0; i < 21; i++) {
        last = spool.next(1000);
      }
      spool.acknowledge(last.position(), 21);
      for (int i = 30; i < 400; i++) {
        spool.append("t", "k", value(i));
      }
      long dropped = spool.droppedRecords();
      assertTrue(dropped > 0);
      assertEquals(
          400 - 21, dropped + spool.pendingRecords(), "each record acknowledged, pending or lost");
      if (tail == 0) {
        assertEquals(0, inFlightDropped[0], "only records never handed out were dropped");
      }
      int before = inFlightDropped[0];
      // The reader goes on with the oldest record kept, also past records it had taken in advance.
      assertEquals(21 + dropped, index(spool.next(1000)));
      // Now five records are handed out (to the producer, say) and not acknowledged when their
      // segment goes.
      for (int i = 0; i < 4; i++) {
        spool.next(1000);
      }
      for (int i = 400; i < 800; i++) {
        spool.append("t", "k", value(i));
      }
      assertEquals(
          800 - 21,
          spool.droppedRecords() + spool.pendingRecords(),
          "the five handed out are counted too");
      assertTrue(inFlightDropped[0] > before, "whoever holds them is told to discard them");
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void rewindReadsAgainFromTheAcknowledgedPosition(long tail) throws Exception {
    try (Spool spool = Spool.open(dir, 1 << 20, SEGMENT, tail)) {
      for (int i = 0; i < 10; i++) {
        spool.append("t", "k", value(i));
      }
      SpoolRecord third = null;
      for (int i = 0; i < 8; i++) {
        SpoolRecord r = spool.next(1000);
        if (i == 2) {
          third = r;
        }
      }
      spool.acknowledge(third.position(), 3);
      spool.rewind();
      assertEquals(3, index(spool.next(1000)));
    }
  }

  @ParameterizedTest(name = "in-memory tail of {0} bytes")
  @ValueSource(longs = {0, 2048, 1 << 20})
  void aReaderKeepsUpWithAConcurrentWriterInOrder(long tail) throws Exception {
    int count = 5_000;
    try (Spool spool = Spool.open(dir, 1 << 24, SEGMENT, tail)) {
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < count; i += 50) {
                    List<Spool.Entry> batch = new ArrayList<>();
                    for (int j = i; j < i + 50; j++) {
                      batch.add(new Spool.Entry("t", "k", value(j), j));
                    }
                    spool.append(batch);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      for (int i = 0; i < count; i++) {
        SpoolRecord r = spool.next(5000);
        assertEquals(i, index(r));
        assertEquals(i, r.receivedMicros());
      }
      writing.get(10, TimeUnit.SECONDS);
      assertNull(spool.next(50));
      assertEquals(count, spool.pendingRecords());
    }
  }

  @Test
  void aCapBelowTwoSegmentsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Spool.open(dir, SEGMENT, SEGMENT));
  }
}
