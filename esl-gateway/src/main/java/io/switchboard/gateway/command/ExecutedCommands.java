package io.switchboard.gateway.command;

import java.io.BufferedWriter;
import java.io.IOException;
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
 * The ids of commands this gateway has executed, kept on disk so that a command delivered again
 * (after a crash before its offset was committed, or sent twice) never runs twice. An id only
 * needs remembering until its command expires, since an expired command is never executed:
 * expired entries are dropped when the journal is opened and from memory as time passes.
 * Blocking: call from a worker.
 */
public final class ExecutedCommands implements AutoCloseable {
  private final Path file;
  private final Map<String, Long> expiries = new HashMap<>();
  private BufferedWriter journal;

  private ExecutedCommands(Path file) {
    this.file = file;
  }

  public static ExecutedCommands open(Path file) throws IOException {
    ExecutedCommands executed = new ExecutedCommands(file);
    executed.load();
    return executed;
  }

  private void load() throws IOException {
    Files.createDirectories(file.getParent());
    long now = System.currentTimeMillis();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
          continue;
        }
        try {
          long expires = Long.parseLong(line.substring(space + 1));
          if (expires > now) {
            expiries.put(line.substring(0, space), expires);
          }
        } catch (NumberFormatException ignored) {
          // a torn last line from a crash: the command it named had not been executed yet
        }
      }
    }
    List<String> kept = new ArrayList<>();
    expiries.forEach((id, expires) -> kept.add(id + " " + expires));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, kept, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    journal = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  public synchronized boolean contains(String id) {
    Long expires = expiries.get(id);
    return expires != null && expires > System.currentTimeMillis() - 60_000;
  }

  /** Remembers {@code id} (written through to disk) before the command runs. */
  public synchronized void record(String id, long expiresAt) throws IOException {
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("command id must be a single line");
    }
    expiries.put(id, expiresAt);
    journal.write(id + " " + expiresAt + "\n");
    journal.flush();
    if (expiries.size() > 10_000) {
      long now = System.currentTimeMillis();
      expiries.values().removeIf(e -> e < now - 60_000);
    }
  }

  public synchronized int size() {
    return expiries.size();
  }

  @Override
  public synchronized void close() throws IOException {
    journal.close();
  }
}
