package io.switchboard.gateway.command;

import io.switchboard.files.FileSync;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this gateway did with each command id, kept on disk so that every command gets a result,
 * exactly one across crashes of the gateway and re-deliveries: an id is journaled as started
 * (synced to the disk before the command runs) and as answered (once Kafka acknowledged its result;
 * not synced, so a power loss may add an {@code unknown} after the result). An id answered before
 * is never answered or run again; an id started but never answered belongs to a gateway that
 * stopped while running it, and whether FreeSWITCH ran it cannot be known.
 *
 * <p>Answered ids are remembered until {@link #RETENTION} after their command expires (an expired
 * command is never run, only answered), started ones until they are answered. The writes block:
 * call them from a worker; the questions ({@link #state}) only wait for another thread's append,
 * never for a sync.
 */
public final class CommandJournal implements AutoCloseable {
  /** How long after its expiry an answered id is still recognised when delivered again. */
  static final long RETENTION = 10 * 60_000;

  /** What the journal knows of an id. */
  public enum State {
    NEW,
    STARTED,
    ANSWERED
  }

  private record Entry(State state, long keepUntil) {}

  private final Path file;
  private final Map<String, Entry> entries = new HashMap<>();
  private volatile FileChannel journal;

  /** Held while syncing, apart from the entries' lock. */
  private final Object syncing = new Object();

  /** How far the journal is known to be on the disk. Under {@link #syncing}. */
  private long synced;

  /** The failure that left the journal unfit to start commands, or null. */
  private volatile IOException broken;

  private CommandJournal(Path file) {
    this.file = file;
  }

  public static CommandJournal open(Path file) throws IOException {
    CommandJournal journal = new CommandJournal(file);
    journal.load();
    return journal;
  }

  private void load() throws IOException {
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        read(line.split(" "));
      }
    }
    long now = System.currentTimeMillis();
    entries.values().removeIf(e -> e.state() == State.ANSWERED && e.keepUntil() < now);
    List<String> kept = new ArrayList<>();
    entries.forEach((id, e) -> kept.add(line(id, e)));
    // On the disk before it replaces the journal, so that no crash leaves an empty one.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    String text = kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
    FileSync.writeAll(List.of(new FileSync.Content(tmp, text.getBytes(StandardCharsets.UTF_8))));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FileSync.syncFolder(file.getParent());
    journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * The id is URL-encoded: a malformed command's id may hold spaces or line breaks, and it is
   * answered (and journaled) like any other.
   */
  private static String line(String id, Entry entry) {
    return (entry.state() == State.STARTED ? "S " : "A ")
        + URLEncoder.encode(id, StandardCharsets.UTF_8)
        + " "
        + entry.keepUntil();
  }

  private void read(String[] fields) {
    try {
      if (fields.length == 3 && fields[0].equals("S")) {
        entries.putIfAbsent(
            URLDecoder.decode(fields[1], StandardCharsets.UTF_8),
            new Entry(State.STARTED, Long.parseLong(fields[2])));
      } else if (fields.length == 3 && fields[0].equals("A")) {
        entries.put(
            URLDecoder.decode(fields[1], StandardCharsets.UTF_8),
            new Entry(State.ANSWERED, Long.parseLong(fields[2])));
      } else if (fields.length == 2) {
        // The journal before answers were recorded: "id expiresAt" of a command that ran.
        entries.put(fields[0], new Entry(State.ANSWERED, Long.parseLong(fields[1]) + RETENTION));
      }
    } catch (IllegalArgumentException ignored) {
      // a torn last line from a crash: the command it named had not been run yet, or its
      // answer had not been acknowledged, which a re-delivery will settle
    }
  }

  /** The ids started and never answered. */
  public synchronized List<String> unanswered() {
    return entries.entrySet().stream()
        .filter(e -> e.getValue().state() == State.STARTED)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** When the command journaled as started expires; 0 for another id. */
  public synchronized long expiresAt(String id) {
    Entry entry = entries.get(id);
    return entry != null && entry.state() == State.STARTED ? entry.keepUntil() : 0;
  }

  public synchronized State state(String id) {
    Entry entry = entries.get(id);
    return entry == null ? State.NEW : entry.state();
  }

  /**
   * Remembers {@code id} as started before the command runs, on the disk itself: the command's
   * record is committed once this returns, so a journal line lost with the machine's power would
   * leave a command neither answered nor delivered again.
   *
   * <p>The sync runs outside the lock that {@link #state} takes on the event loop, one at a time,
   * and one covers every line appended before it: commands started together wait for one disk
   * commit. After a failed sync the journal refuses to start anything until the gateway starts
   * again: Linux reports a failed write-back to one fsync only, and marks the lost pages clean, so
   * a later sync could succeed over a line that never reached the disk.
   */
  public void started(String id, long expiresAt) throws IOException {
    long mine;
    synchronized (this) {
      refuseIfBroken();
      write(id, new Entry(State.STARTED, expiresAt));
      mine = journal.size();
    }
    synchronized (syncing) {
      refuseIfBroken();
      if (synced >= mine) {
        return;
      }
      long upTo = journal.size();
      try {
        journal.force(false);
      } catch (IOException e) {
        broken = e;
        throw e;
      }
      synced = upTo;
    }
  }

  /**
   * Remembers that {@code id}'s result is in Kafka. Not synced: losing this line with the power
   * only makes the next start answer the id {@code unknown} after its result. Remembered in memory
   * even when the line cannot be written, so that this run neither answers nor runs it again.
   */
  public synchronized void answered(String id, long expiresAt) throws IOException {
    Entry entry =
        new Entry(State.ANSWERED, Math.max(expiresAt, System.currentTimeMillis()) + RETENTION);
    try {
      write(id, entry);
    } finally {
      entries.put(id, entry);
    }
  }

  /** Whether commands may start: false once a sync failed, until the gateway starts again. */
  public boolean working() {
    return broken == null;
  }

  private void refuseIfBroken() throws IOException {
    if (broken != null) {
      throw new IOException(
          "the command journal failed to reach the disk earlier; restart the gateway", broken);
    }
  }

  /**
   * Appends the entry's line, or nothing: a line cut short (a full disk) is cut off again, or the
   * next line would be read glued to it and lost; if it cannot be, the journal is broken.
   */
  private void write(String id, Entry entry) throws IOException {
    long end = journal.size();
    ByteBuffer bytes = ByteBuffer.wrap((line(id, entry) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (bytes.hasRemaining()) {
        journal.write(bytes);
      }
    } catch (IOException e) {
      try {
        journal.truncate(end);
      } catch (IOException again) {
        e.addSuppressed(again);
        broken = e;
      }
      throw e;
    }
    entries.put(id, entry);
    if (entries.size() > 10_000) {
      long now = System.currentTimeMillis();
      entries.values().removeIf(e -> e.state() == State.ANSWERED && e.keepUntil() < now);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    journal.close();
  }
}
