package io.switchboard.gateway.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers the node's event-socket connections, each once over the node's lifetime: the epoch an
 * event carries beside its per-connection {@code seq}, so that node + epoch + seq names one event
 * for good (seq alone starts at 1 again on every connection).
 *
 * <p>Each epoch is larger than the last one handed out, which is persisted (and forced to disk)
 * before it is used, and at least the wall clock in milliseconds, so that numbering also goes on
 * upwards when the data folder is lost (connections are far less than one a millisecond apart).
 * Blocking: call from a worker.
 */
public final class ConnectionEpochs {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionEpochs.class);

  private final Path file;
  private long last;

  private ConnectionEpochs(Path file, long last) {
    this.file = file;
    this.last = last;
  }

  public static ConnectionEpochs open(Path file) throws IOException {
    long last = 0;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        last = Long.parseLong(text);
      } catch (NumberFormatException e) {
        // The clock still keeps epochs rising; only a clock set back could repeat one.
        LOG.warn("unreadable connection epoch in {} ('{}') ignored", file, text);
      }
    }
    return new ConnectionEpochs(file, last);
  }

  /** The next epoch, on disk before it is returned. */
  public synchronized long next() throws IOException {
    long epoch = Math.max(last + 1, System.currentTimeMillis());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((epoch + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    last = epoch;
    return epoch;
  }
}
