package io.switchboard.bench.files;

import io.switchboard.files.FileSync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A gateway's put of a node's burst of gateway files, as esl-gateway's FileOperations writes it:
 * each file into a temporary file, all synced at once ({@link FileSync}), renamed onto its target,
 * the folder synced. {@code spare}: the temporary files are spares made beforehand (outside the
 * measure, as the gateway makes them between bursts); {@code new}: each is created in the target
 * folder, as before spares. One operation is one file. On the disk of the folder given by {@code
 * -Dbench.files.dir} (default: java.io.tmpdir), which is what is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpareFileWriteBenchmark {
  /** Files per put: a node's share of a thousand rooms arriving in one batch of events. */
  static final int FILES = 64;

  @Param({"spare", "new"})
  public String temporary;

  private Path dir;
  private Path target;
  private Path spareFolder;
  private final List<Path> spares = new ArrayList<>();
  private final byte[] content =
      ("<include>\n  <gateway name=\"conf_7100000\">\n"
              + "    <param name=\"password\" value=\"0123456789abcdef0123456789abcdef\"/>\n"
                  .repeat(12)
              + "  </gateway>\n</include>\n")
          .getBytes(StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void folders() throws IOException {
    dir =
        Files.createTempDirectory(
            Path.of(System.getProperty("bench.files.dir", System.getProperty("java.io.tmpdir"))),
            "spare-bench");
    target = Files.createDirectories(dir.resolve("sip_profiles/external"));
    spareFolder = Files.createDirectories(dir.resolve(".switchboard-spare"));
  }

  /** Outside the measure: the last put's files go, and this put's spares are made. */
  @Setup(Level.Invocation)
  public void between() throws IOException {
    try (Stream<Path> written = Files.list(target)) {
      for (Path file : written.toList()) {
        Files.delete(file);
      }
    }
    spares.clear();
    if (temporary.equals("spare")) {
      for (int i = 0; i < FILES; i++) {
        spares.add(Files.createFile(spareFolder.resolve("spare-" + UUID.randomUUID())));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(FILES)
  public void put() throws IOException {
    boolean spare = temporary.equals("spare");
    List<FileSync.Content> contents = new ArrayList<>(FILES);
    for (int i = 0; i < FILES; i++) {
      Path tmp = spare ? spares.get(i) : target.resolve(".tmp-" + UUID.randomUUID());
      contents.add(new FileSync.Content(tmp, content, spare));
    }
    FileSync.writeAll(contents);
    for (int i = 0; i < FILES; i++) {
      Files.move(
          contents.get(i).file(),
          target.resolve("conf_71" + i + ".xml"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    FileSync.syncFolder(target);
  }

  @TearDown(Level.Trial)
  public void remove() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
