package io.switchboard.gateway.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's write-ahead queue to Kafka: an append-only log of segment files on local disk. One
 * writer appends events as they arrive; one reader hands them to the Kafka producer in order;
 * acknowledgements move a persisted position, and segments wholly behind it are deleted. While
 * Kafka is away the log grows on disk instead of in memory, up to a cap beyond which the oldest
 * segment is dropped: every record in it that Kafka has not acknowledged is counted as lost,
 * including those already handed to the producer, whose in-memory buffer a crash would take with it
 * (see {@link #onInFlightDropped}). After a restart the reader resumes at the persisted position,
 * so nothing spooled is lost (records acknowledged shortly before a crash may be published again:
 * at-least-once).
 *
 * <p>Record layout: {@code [int length][int crc32c][long received, epoch microseconds][byte topic
 * length][topic][short key length][key][value]}, length and CRC covering what follows them. A torn
 * record at the end of the last segment (a crash mid-write) is cut off on open. Writes go to the
 * page cache without fsync: a gateway crash loses nothing, a machine crash may lose the last
 * moments.
 *
 * <p>The newest records are also kept in memory (the tail, up to a byte cap), so a reader that
 * keeps up takes them from there instead of reading back and checking what was just written; only a
 * reader that fell behind by more than the tail (Kafka slow or away) reads the disk.
 */
public final class Spool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String SUFFIX = ".seg";
  private static final String ACK_FILE = "ack.pos";
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 32 * 1024 * 1024;
  private static final long PERSIST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A few seconds of events at high rates; beyond it a reader that fell behind reads the disk. */
  private static final long DEFAULT_TAIL_BYTES = 16L * 1024 * 1024;

  private static final class Segment {
    final long number;
    final Path path;
    long size;
    long records;

    Segment(long number, Path path) {
      this.number = number;
      this.path = path;
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final long segmentBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final Deque<Segment> segments = new ArrayDeque<>();

  /** The segment being written: changed only by the writer thread, under the lock. */
  private Segment current;

  private FileChannel writer;
  private long totalBytes;
  private long pending;
  private long dropped;
  private SpoolPosition acked;
  private long lastPersistNanos;
  private boolean ackDirty;
  private LongConsumer inFlightDropped = segment -> {};

  /**
   * The oldest segment kept: records the reader took from the tail before a drop and are older are
   * skipped.
   */
  private volatile long firstKept;

  // Reader state, touched only by the reader thread (and by drops, under the lock).
  private SpoolPosition readAt;
  private long readRecordsInSegment;
  private FileChannel readChannel;
  private long readChannelSegment = -1;
  private static final int READ_AHEAD = 256 * 1024;
  private ByteBuffer readAhead = ByteBuffer.allocate(READ_AHEAD);
  private long readAheadStart = -1;
  private volatile boolean closed;

  /** Records the reader took from the tail in one go, handed out without the lock. */
  private final ArrayDeque<SpoolRecord> taken = new ArrayDeque<>();

  // In-memory tail: the newest records, contiguous up to the last one appended.
  private record Tailed(SpoolPosition start, SpoolRecord record) {}

  private static final int TAKE = 256;
  private final long tailCap;
  private final ArrayDeque<Tailed> tail = new ArrayDeque<>();
  private long tailBytes;

  // Writer-thread scratch: the encoding buffer and the UTF-8 forms of topics and keys.
  private ByteBuffer encoded = ByteBuffer.allocate(64 * 1024);
  private final CRC32C writeCrc = new CRC32C();
  private final Map<String, byte[]> utf8 = new HashMap<>();

  private Spool(Path dir, long maxBytes, long segmentBytes, long tailCap) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.tailCap = tailCap;
  }

  /**
   * Opens (or creates) the spool in {@code dir}.
   *
   * @param maxBytes cap of the whole spool; at least two segments
   * @param segmentBytes size at which a segment is closed and a new one begun
   */
  public static Spool open(Path dir, long maxBytes, long segmentBytes) throws IOException {
    return open(dir, maxBytes, segmentBytes, DEFAULT_TAIL_BYTES);
  }

  /**
   * As {@link #open(Path, long, long)}, keeping up to {@code tailBytes} of the newest records in
   * memory.
   */
  static Spool open(Path dir, long maxBytes, long segmentBytes, long tailBytes) throws IOException {
    if (segmentBytes < 1024 || maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException(
          "spool cap ("
              + maxBytes
              + " bytes) must be at least two segments of "
              + segmentBytes
              + " bytes, and a segment at least 1 KiB");
    }
    Files.createDirectories(dir);
    Spool spool = new Spool(dir, maxBytes, segmentBytes, tailBytes);
    spool.recover();
    return spool;
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    for (Path file : files) {
      Segment segment = new Segment(parseNumber(file), file);
      scan(segment, file == files.get(files.size() - 1));
      segments.add(segment);
      totalBytes += segment.size;
    }
    if (segments.isEmpty()) {
      segments.add(newSegment(1));
    }
    acked = readAckPosition();
    Segment first = segments.peekFirst();
    if (acked == null || acked.segment() < first.number) {
      acked = new SpoolPosition(first.number, 0);
    }
    for (Segment s : segments) {
      if (s.number >= acked.segment()) {
        pending += s.number == acked.segment() ? countRecords(s, acked.offset()) : s.records;
      }
    }
    current = segments.peekLast();
    writer = FileChannel.open(current.path, StandardOpenOption.WRITE);
    writer.position(current.size);
    readAt = acked;
    readRecordsInSegment = recordsBefore(segment(acked.segment()), acked.offset());
    if (pending > 0) {
      LOG.info("spool {}: {} records from before the restart will be published", dir, pending);
    }
  }

  private static long parseNumber(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  private Segment newSegment(long number) throws IOException {
    Path path = dir.resolve(String.format("%020d%s", number, SUFFIX));
    Files.createFile(path);
    return new Segment(number, path);
  }

  /** Counts valid records; on the last segment a torn tail is cut off. */
  private void scan(Segment segment, boolean last) throws IOException {
    try (FileChannel ch =
        FileChannel.open(segment.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long offset = 0;
      long records = 0;
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      while (offset + HEADER <= size) {
        head.clear();
        ch.read(head, offset);
        head.flip();
        int length = head.getInt();
        int crc = head.getInt();
        if (length <= 0 || length > MAX_RECORD || offset + HEADER + length > size) {
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        ch.read(payload, offset + HEADER);
        if (crc(payload.array(), length) != crc) {
          break;
        }
        offset += HEADER + length;
        records++;
      }
      if (offset < size) {
        if (last) {
          LOG.warn(
              "spool segment {}: cutting {} bytes of an incomplete record",
              segment.path,
              size - offset);
          ch.truncate(offset);
        } else {
          LOG.warn(
              "spool segment {}: {} unreadable bytes at the end are skipped",
              segment.path,
              size - offset);
        }
      }
      segment.size = offset;
      segment.records = records;
    }
  }

  private long countRecords(Segment segment, long fromOffset) throws IOException {
    return segment.records - recordsBefore(segment, fromOffset);
  }

  private long recordsBefore(Segment segment, long offset) throws IOException {
    if (segment == null || offset == 0) {
      return 0;
    }
    long count = 0;
    long at = 0;
    try (FileChannel ch = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(HEADER);
      while (at < offset) {
        head.clear();
        ch.read(head, at);
        head.flip();
        at += HEADER + head.getInt();
        count++;
      }
    }
    return count;
  }

  private SpoolPosition readAckPosition() throws IOException {
    Path file = dir.resolve(ACK_FILE);
    if (!Files.exists(file)) {
      return null;
    }
    String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
    try {
      return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      LOG.warn("spool {}: unreadable {} ignored", dir, file);
      return null;
    }
  }

  // ---- writer side ---------------------------------------------------------------------------

  /** One record to append. */
  public record Entry(String topic, String key, byte[] value, long receivedMicros) {}

  /** Appends one record. Called from the one writer thread. */
  public void append(String topic, String key, byte[] value) throws IOException {
    append(List.of(new Entry(topic, key, value, 0)));
  }

  /**
   * Appends records in order with as few writes as possible (one per segment they fall in). Called
   * from the one writer thread. The file write happens outside the lock, so the reader never waits
   * for it: the reader only reads up to a segment's size, which grows after the write.
   */
  public void append(List<Entry> entries) throws IOException {
    int i = 0;
    while (i < entries.size()) {
      if (closed) {
        throw new IOException("spool is closed");
      }
      // Fill the current segment up to its size (at least one record), in one write.
      Segment segment = current;
      encoded.clear();
      int first = i;
      while (i < entries.size()
          && (i == first || segment.size + encoded.position() < segmentBytes)) {
        encode(entries.get(i++));
      }
      encoded.flip();
      int bytes = encoded.remaining();
      while (encoded.hasRemaining()) {
        writer.write(encoded);
      }
      long droppedInFlight;
      lock.lock();
      try {
        keepInTail(segment, entries.subList(first, i));
        segment.size += bytes;
        segment.records += i - first;
        totalBytes += bytes;
        pending += i - first;
        if (segment.size >= segmentBytes) {
          roll();
        }
        droppedInFlight = enforceCap();
        appended.signalAll();
      } finally {
        lock.unlock();
      }
      if (droppedInFlight >= 0) {
        inFlightDropped.accept(droppedInFlight);
      }
    }
  }

  /**
   * Run (on the writer thread, outside the lock) with the newest dropped segment's number when the
   * cap dropped records the reader had already handed out and Kafka had not acknowledged: they were
   * counted as lost, so whoever holds them must discard them, or the count would say lost what
   * Kafka may still receive.
   */
  public void onInFlightDropped(LongConsumer action) {
    inFlightDropped = action;
  }

  /** Appends one record's bytes to {@link #encoded}, growing it if needed. */
  private void encode(Entry entry) {
    byte[] topicBytes = utf8(entry.topic());
    byte[] keyBytes = utf8(entry.key());
    int length = 8 + 1 + topicBytes.length + 2 + keyBytes.length + entry.value().length;
    if (length > MAX_RECORD || topicBytes.length > 255 || keyBytes.length > 65535) {
      throw new IllegalArgumentException(
          "record of " + length + " bytes is too large for the spool");
    }
    if (encoded.remaining() < HEADER + length) {
      ByteBuffer larger =
          ByteBuffer.allocate(
              Math.max(2 * encoded.capacity(), encoded.position() + HEADER + length));
      encoded.flip();
      encoded = larger.put(encoded);
    }
    int at = encoded.position();
    encoded.putInt(length).putInt(0).putLong(entry.receivedMicros());
    encoded
        .put((byte) topicBytes.length)
        .put(topicBytes)
        .putShort((short) keyBytes.length)
        .put(keyBytes)
        .put(entry.value());
    writeCrc.reset();
    writeCrc.update(encoded.array(), at + HEADER, length);
    encoded.putInt(at + 4, (int) writeCrc.getValue());
  }

  /** Topics and node ids repeat with every event: encoded once (a few dozen at most are kept). */
  private byte[] utf8(String text) {
    byte[] bytes = utf8.get(text);
    if (bytes == null) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
      if (utf8.size() < 64) {
        utf8.put(text, bytes);
      }
    }
    return bytes;
  }

  /**
   * Under the lock: the records just written to {@code segment} join the in-memory tail; their
   * sizes are read from the length fields still in {@link #encoded}.
   */
  private void keepInTail(Segment segment, List<Entry> written) {
    if (tailCap <= 0) {
      return;
    }
    int at = 0;
    for (Entry entry : written) {
      int length = HEADER + encoded.getInt(at);
      SpoolPosition start = new SpoolPosition(segment.number, segment.size + at);
      at += length;
      tail.add(
          new Tailed(
              start,
              new SpoolRecord(
                  entry.topic(),
                  entry.key(),
                  entry.value(),
                  new SpoolPosition(segment.number, segment.size + at),
                  entry.receivedMicros())));
      tailBytes += length;
    }
    while (tailBytes > tailCap && !tail.isEmpty()) {
      forget(tail.poll());
    }
  }

  private void roll() throws IOException {
    writer.close();
    Segment next = newSegment(current.number + 1);
    segments.add(next);
    writer = FileChannel.open(next.path, StandardOpenOption.WRITE);
    current = next;
  }

  /**
   * Drops the oldest segments while the spool is over its cap; never the one being written.
   * Everything in a dropped segment that Kafka has not acknowledged is counted as lost, whether or
   * not the reader had handed it out. Returns the newest dropped segment holding records handed
   * out, or -1.
   */
  private long enforceCap() throws IOException {
    long droppedInFlight = -1;
    while (totalBytes > maxBytes && segments.size() > 1) {
      Segment oldest = segments.pollFirst();
      long unread;
      if (readAt.segment() > oldest.number) {
        unread = 0;
      } else {
        unread = oldest.records - (readAt.segment() == oldest.number ? readRecordsInSegment : 0);
        readAt = new SpoolPosition(segments.peekFirst().number, 0);
        readRecordsInSegment = 0;
      }
      long unacked =
          acked.segment() == oldest.number
              ? oldest.records - recordsBefore(oldest, acked.offset())
              : (acked.segment() < oldest.number ? oldest.records : 0);
      if (acked.segment() <= oldest.number) {
        acked = new SpoolPosition(segments.peekFirst().number, 0);
        ackDirty = true;
      }
      if (unacked > unread) {
        droppedInFlight = oldest.number;
      }
      firstKept = segments.peekFirst().number;
      pending -= unacked;
      totalBytes -= oldest.size;
      dropped += unacked;
      Files.deleteIfExists(oldest.path);
      LOG.warn(
          "spool {} over its cap of {} bytes: dropped the oldest segment, {} events not acknowledged by Kafka"
              + " lost ({} of them handed to the producer)",
          dir,
          maxBytes,
          unacked,
          unacked - unread);
    }
    return droppedInFlight;
  }

  // ---- reader side ---------------------------------------------------------------------------

  /** The next record in order, waiting up to {@code timeoutMillis}; null on timeout or close. */
  public SpoolRecord next(long timeoutMillis) throws IOException, InterruptedException {
    SpoolRecord ready = taken.poll();
    while (ready != null && ready.position().segment() < firstKept) {
      ready = taken.poll(); // dropped by the cap after it was taken, and counted as lost
    }
    if (ready != null) {
      return ready;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Segment segment;
      SpoolPosition at;
      long complete;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            return null;
          }
          at = readAt;
          segment = segment(at.segment());
          if (segment == null) {
            // Dropped under us: continue with the oldest segment still there.
            readAt = new SpoolPosition(segments.peekFirst().number, 0);
            readRecordsInSegment = 0;
            continue;
          }
          if (at.offset() < segment.size) {
            SpoolRecord inMemory = takeFromTail(at);
            if (inMemory != null) {
              return inMemory;
            }
            complete = segment.size;
            break;
          }
          if (segment != segments.peekLast()) {
            readAt = new SpoolPosition(segment.number + 1, 0);
            readRecordsInSegment = 0;
            continue;
          }
          long wait = deadline - System.nanoTime();
          if (wait <= 0) {
            return null;
          }
          appended.awaitNanos(wait);
        }
      } finally {
        lock.unlock();
      }
      SpoolRecord record = read(segment, at, complete);
      lock.lock();
      try {
        if (readAt.equals(at)) {
          movePast(record);
          return record;
        }
        // A drop moved the reader while we read: read again from where it is now.
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Under the lock: when the record at {@code at} is the tail's oldest, it and up to {@value #TAKE}
   * after it are taken in one go (the rest wait in {@link #taken}); null when the reader is behind
   * the tail and must read the disk.
   */
  private SpoolRecord takeFromTail(SpoolPosition at) {
    // Records the reader passed on disk, or that a drop skipped, are of no more use.
    while (!tail.isEmpty() && at.isAfter(tail.peek().start())) {
      forget(tail.poll());
    }
    if (tail.isEmpty() || !tail.peek().start().equals(at)) {
      return null;
    }
    SpoolRecord first = forget(tail.poll());
    while (!tail.isEmpty() && taken.size() < TAKE) {
      taken.add(forget(tail.poll()));
    }
    movePast(first);
    taken.forEach(this::movePast);
    return first;
  }

  /** The reader's position moves past {@code record}, counting records read in its segment. */
  private void movePast(SpoolRecord record) {
    readRecordsInSegment =
        record.position().segment() == readAt.segment() ? readRecordsInSegment + 1 : 1;
    readAt = record.position();
  }

  private SpoolRecord forget(Tailed tailed) {
    tailBytes -= tailed.record().position().offset() - tailed.start().offset();
    return tailed.record();
  }

  /** Reads the record at {@code at}; bytes from {@code complete} on may still be being written. */
  private SpoolRecord read(Segment segment, SpoolPosition at, long complete) throws IOException {
    if (readChannelSegment != segment.number) {
      if (readChannel != null) {
        readChannel.close();
      }
      readChannel = FileChannel.open(segment.path, StandardOpenOption.READ);
      readChannelSegment = segment.number;
      readAheadStart = -1;
    }
    ByteBuffer head = slice(at.offset(), HEADER, complete);
    int length = head.getInt();
    int crc = head.getInt();
    if (length <= 0 || length > MAX_RECORD) {
      throw new IOException(
          "spool segment " + segment.path + " is corrupt at offset " + at.offset());
    }
    byte[] bytes = new byte[length];
    slice(at.offset() + HEADER, length, complete).get(bytes);
    ByteBuffer payload = ByteBuffer.wrap(bytes);
    if (crc(bytes, length) != crc) {
      throw new IOException(
          "spool segment " + segment.path + " is corrupt at offset " + at.offset());
    }
    long received = payload.getLong();
    int topicLength = payload.get() & 0xff;
    String topic = new String(bytes, 9, topicLength, StandardCharsets.UTF_8);
    payload.position(9 + topicLength);
    int keyLength = payload.getShort() & 0xffff;
    String key = new String(bytes, 11 + topicLength, keyLength, StandardCharsets.UTF_8);
    int valueStart = 11 + topicLength + keyLength;
    byte[] value = java.util.Arrays.copyOfRange(bytes, valueStart, length);
    return new SpoolRecord(
        topic,
        key,
        value,
        new SpoolPosition(segment.number, at.offset() + HEADER + length),
        received);
  }

  /**
   * {@code length} bytes at {@code position} of the segment being read, from a read-ahead window of
   * up to 256 KiB that never reaches past {@code complete} (the writer may be midway through the
   * bytes after it): one read call serves hundreds of records.
   */
  private ByteBuffer slice(long position, int length, long complete) throws IOException {
    if (readAheadStart < 0
        || position < readAheadStart
        || position + length > readAheadStart + readAhead.limit()) {
      int size = Math.max(READ_AHEAD, length);
      if (readAhead.capacity() < size) {
        readAhead = ByteBuffer.allocate(size);
      }
      readAhead.clear();
      long available = complete - position;
      readAhead.limit((int) Math.min(readAhead.capacity(), Math.max(length, available)));
      readFully(readAhead, position);
      readAhead.flip();
      readAheadStart = position;
    }
    ByteBuffer view = readAhead.duplicate();
    view.position((int) (position - readAheadStart));
    view.limit(view.position() + length);
    return view;
  }

  private void readFully(ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int n = readChannel.read(buf, at);
      if (n < 0) {
        throw new IOException("unexpected end of spool segment at " + at);
      }
      at += n;
    }
  }

  /**
   * Everything up to {@code position} is in Kafka ({@code records} of them). Segments wholly behind
   * it are deleted; the position is persisted at most every 100 ms.
   */
  public void acknowledge(SpoolPosition position, long records) {
    lock.lock();
    try {
      if (!position.isAfter(acked)) {
        return;
      }
      acked = position;
      pending = Math.max(0, pending - records);
      ackDirty = true;
      while (segments.size() > 1 && segments.peekFirst().number < acked.segment()) {
        Segment done = segments.pollFirst();
        totalBytes -= done.size;
        Files.deleteIfExists(done.path);
      }
      long now = System.nanoTime();
      if (now - lastPersistNanos >= PERSIST_INTERVAL_NANOS) {
        persistAck();
        lastPersistNanos = now;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The reader goes back to the acknowledged position (the producer lost what it had in flight).
   */
  public void rewind() throws IOException {
    lock.lock();
    try {
      taken.clear();
      readAt = acked;
      readRecordsInSegment = recordsBefore(segment(acked.segment()), acked.offset());
    } finally {
      lock.unlock();
    }
  }

  private void persistAck() throws IOException {
    if (!ackDirty) {
      return;
    }
    Path tmp = dir.resolve(ACK_FILE + ".tmp");
    Files.writeString(
        tmp, acked.segment() + " " + acked.offset() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(
          tmp,
          dir.resolve(ACK_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
    ackDirty = false;
  }

  private Segment segment(long number) {
    for (Segment s : segments) {
      if (s.number == number) {
        return s;
      }
    }
    return null;
  }

  // ---- observation ---------------------------------------------------------------------------

  /** Records appended and not yet acknowledged by Kafka. */
  public long pendingRecords() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  public long bytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Records lost because the spool was over its cap: all that Kafka had not acknowledged. */
  public long droppedRecords() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  public List<Path> segmentFiles() {
    lock.lock();
    try {
      List<Path> paths = new ArrayList<>();
      segments.forEach(s -> paths.add(s.path));
      return paths;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      appended.signalAll();
      persistAck();
      writer.close();
      if (readChannel != null) {
        readChannel.close();
      }
    } finally {
      lock.unlock();
    }
  }

  private static int crc(byte[] bytes, int length) {
    return crc(bytes, 0, length);
  }

  private static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }
}
