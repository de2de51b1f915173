package io.switchboard.gateway.spool;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kafka will never take (larger than the producer's {@code max.request.size} or the topic's
 * {@code max.message.bytes}), set aside as files so that the stream behind them goes on.
 *
 * <p>A file rather than a dead-letter topic, because such a topic has the same size limit that
 * refused the record; and rather than cutting the record to fit, because a cut envelope is no
 * longer the event (a consumer would act on a BACKGROUND_JOB result or an XML reply that is not
 * what FreeSWITCH said). The file keeps the whole envelope for an operator to read. The folder is
 * capped: beyond it a record is counted and logged but not kept.
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Path dir;
  private final long maxBytes;
  private long bytes;

  private DeadLetters(Path dir, long maxBytes, long bytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.bytes = bytes;
  }

  public static DeadLetters open(Path dir, long maxBytes) throws IOException {
    Files.createDirectories(dir);
    long bytes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        bytes += Files.size(file);
      }
    }
    return new DeadLetters(dir, maxBytes, bytes);
  }

  /**
   * Keeps {@code record}'s value as a file named for its topic and spool position (the same record
   * set aside again after a crash overwrites its file). Returns whether it was kept.
   */
  boolean keep(SpoolRecord record, String why) {
    String name =
        String.format(
            "%s-%020d-%020d.json",
            record.topic(), record.position().segment(), record.position().offset());
    if (bytes + record.value().length > maxBytes) {
      LOG.error(
          "event of {} bytes for {} {}; the dead-letter folder {} is full ({} bytes), so it is discarded",
          record.value().length,
          record.topic(),
          why,
          dir,
          bytes);
      return false;
    }
    Path file = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try {
      Files.write(tmp, record.value());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      bytes += record.value().length;
      LOG.error(
          "event of {} bytes for {} {}; set aside as {}",
          record.value().length,
          record.topic(),
          why,
          file);
      return true;
    } catch (IOException e) {
      LOG.error(
          "event of {} bytes for {} {}, and could not be set aside as {}: {}",
          record.value().length,
          record.topic(),
          why,
          file,
          e.toString());
      return false;
    }
  }
}
