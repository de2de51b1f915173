package io.switchboard.gateway.command;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.Json;
import io.switchboard.gateway.command.CommandExecutor.Outcome;
import io.switchboard.gateway.metrics.GatewayMetrics;
import io.switchboard.kafka.TopicWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the commands on {@code fs.commands} that are addressed to this node, started in order
 * ({@link BatchSchedule}: a file command need not wait for an API command still running in
 * FreeSWITCH, nor for file commands on other files), and answers each with exactly one result on
 * {@code fs.command-results}. A command is executed only if it is well-formed, not expired, expires
 * within the allowed lifetime, was never started before, and is allowlisted (API commands) or
 * allowed by {@link FileOperations}. API commands run as bgapi, so events keep flowing meanwhile;
 * their replies are masked by {@link ReplyRedactor}.
 *
 * <p>Each record is handled on its own: a record that cannot be read is counted and skipped, a
 * malformed command with a readable id is answered {@code rejected}, and neither stops the records
 * after it. The future of a batch completes once its commands are under way (journaled as started),
 * and fails when an answer given without running a command (a refusal, or a result held from
 * before) could not be published, or when the gateway is stopping: then the batch is to be
 * delivered again, and the journal answers what was answered before and re-sends the result that
 * was not. The result of a command that ran is sent again in place until Kafka takes it, since its
 * batch may be committed while it runs. Ids journaled as started by a gateway that stopped before
 * answering are answered {@code unknown} before any batch is handled; an id delivered again while
 * its command still runs here is left to that run to answer.
 */
public final class CommandProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

  /**
   * Room for an error text in a result; it echoes parts of the command, which has no size limit.
   */
  private static final int MAX_ERROR_CHARS = 2000;

  /**
   * Replies can be large; few are ever waiting: a running command holds its place until Kafka takes
   * its result (one API command and {@link StepsUnderWay#MAX_FILE_STEPS} file commands run at
   * once), and a batch starts nothing after a refusal whose answer Kafka did not take.
   */
  private static final int MAX_UNPUBLISHED = 64;

  /** Between attempts to send the result of a command that ran, when Kafka did not take it. */
  private static final long RESEND_PAUSE_MS = 1000;

  /** The command's settings, beside the parts it works with. */
  public record Limits(Duration maxLifetime, int replyMaxBytes) {}

  private record Pending(CommandResult result, long expiresAt) {}

  private final Vertx vertx;
  private final String node;
  private final CommandAllowlist allowlist;
  private final CommandExecutor executor;
  private final CommandJournal journal;
  private final TopicWriter results;
  private final GatewayMetrics metrics;
  private final Limits limits;

  /**
   * Results Kafka did not take, by command id: sent again when their batch comes again (the result
   * of a command that ran is also resent in place, see {@link #untilTaken}). Bounded: an id dropped
   * from here is journaled as started, so it is answered {@code unknown} instead.
   */
  private final Map<String, Pending> unpublished =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
          return size() > MAX_UNPUBLISHED;
        }
      };

  private final Promise<Void> settled = Promise.promise();

  /** The commands running, of every batch: what the next batch's commands must wait for. */
  private final StepsUnderWay underWay = new StepsUnderWay();

  /** Ids of the commands running here, not answered yet. On the context. */
  private final Set<String> running = new HashSet<>();

  private volatile boolean closed;

  public CommandProcessor(
      Vertx vertx,
      String node,
      CommandAllowlist allowlist,
      CommandExecutor executor,
      CommandJournal journal,
      TopicWriter results,
      GatewayMetrics metrics,
      Limits limits) {
    this.vertx = vertx;
    this.node = node;
    this.allowlist = allowlist;
    this.executor = executor;
    this.journal = journal;
    this.results = results;
    this.metrics = metrics;
    this.limits = limits;
  }

  /**
   * Answers {@code unknown} for every command a previous run started and did not answer, retrying
   * until Kafka takes the results; batches wait for this.
   */
  public void start() {
    settle(journal.unanswered());
  }

  private void settle(List<String> ids) {
    Future<Void> all = Future.succeededFuture();
    for (String id : ids) {
      all =
          all.compose(
              v ->
                  journal.state(id) != CommandJournal.State.STARTED
                      ? Future.succeededFuture()
                      : unknown(id));
    }
    all.onSuccess(v -> settled.tryComplete())
        .onFailure(
            e -> {
              if (closed) {
                return;
              }
              LOG.warn(
                  "could not answer {} command(s) left unanswered by the last run ({}); retrying in 5 s",
                  ids.size(),
                  e.toString());
              vertx.setTimer(5000, t -> settle(ids));
            });
  }

  /**
   * A polled batch, its commands started in order as {@link BatchSchedule} allows; done once they
   * are under way, failed when an answer given without running a command could not be published or
   * the gateway is stopping.
   */
  public Future<Void> handle(List<ConsumerRecord<String, byte[]>> batch) {
    BatchSchedule schedule = new BatchSchedule(underWay);
    for (ConsumerRecord<String, byte[]> record : batch) {
      CommandReading reading = read(record);
      BatchSchedule.Run step = started -> process(record, reading, started);
      BatchSchedule.Kind kind = kind(reading, record);
      if (kind == BatchSchedule.Kind.FILE) {
        schedule.addFile(claim(((CommandReading.Readable) reading).command()), step);
      } else {
        schedule.add(kind, step);
      }
    }
    return schedule.run(settled.future());
  }

  private static CommandReading read(ConsumerRecord<String, byte[]> record) {
    try {
      return CommandReading.of(record.value());
    } catch (RuntimeException e) {
      return new CommandReading.Unreadable(e.toString());
    }
  }

  /**
   * A command of this node for FreeSWITCH or for its files. A malformed command of this node waits
   * like an API command, for everything before it, so that its id is answered once even when the
   * same id came before it; anything else is only skipped.
   */
  private BatchSchedule.Kind kind(CommandReading reading, ConsumerRecord<String, byte[]> record) {
    if (reading instanceof CommandReading.Readable readable
        && ours(readable.command().node(), record)) {
      return readable.command().op().isApi() ? BatchSchedule.Kind.API : BatchSchedule.Kind.FILE;
    }
    if (reading instanceof CommandReading.Malformed malformed && ours(malformed.node(), record)) {
      return BatchSchedule.Kind.API;
    }
    return BatchSchedule.Kind.ANSWER;
  }

  /**
   * What a file command holds while it runs ({@link BatchSchedule.Claim}): its id, and the names of
   * its files and of the folders on their paths, each the part of the normalized path with letter
   * case folded, so that two paths reaching one file (another spelling, a linked folder, a file
   * system blind to case) share its name and never run at once; null when a path cannot be read
   * (the command then runs alone, and is refused).
   */
  static BatchSchedule.Claim claim(Command command) {
    List<String> paths =
        command.op() != Command.Op.FILES_PUT
            ? Collections.singletonList(command.path())
            : command.files() == null
                ? null
                : command.files().stream().map(f -> f == null ? null : f.path()).toList();
    if (paths == null || command.id() == null) {
      return null;
    }
    Set<String> files = new HashSet<>();
    Set<String> folders = new HashSet<>();
    for (String path : paths) {
      Path normal;
      try {
        normal = path == null ? null : Path.of(path).normalize();
      } catch (InvalidPathException e) {
        return null;
      }
      if (normal == null || normal.getFileName() == null) {
        return null;
      }
      files.add(fold(normal.getFileName().toString()));
      for (int i = 0; i < normal.getNameCount() - 1; i++) {
        folders.add(fold(normal.getName(i).toString()));
      }
    }
    return new BatchSchedule.Claim(command.id(), files, folders);
  }

  /** A name as a file system blind to letter case may compare it: ß meets SS, σ meets ς. */
  private static String fold(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFC)
        .toUpperCase(Locale.ROOT)
        .toLowerCase(Locale.ROOT);
  }

  private Future<Void> process(
      ConsumerRecord<String, byte[]> record, CommandReading reading, Promise<Void> started) {
    long receivedAt = System.currentTimeMillis();
    if (reading instanceof CommandReading.Unreadable unreadable) {
      // Without a readable id there is no key to answer under; records keyed to this node are ours.
      if (node.equals(record.key())) {
        metrics.command("unreadable");
        LOG.warn(
            "unreadable command at {}-{} offset {} skipped: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            LogSafe.text(unreadable.problem()));
      }
      return Future.succeededFuture();
    }
    if (reading instanceof CommandReading.Malformed malformed) {
      if (!ours(malformed.node(), record)) {
        metrics.command("ignored");
        return Future.succeededFuture();
      }
      return settledBefore(malformed.id())
          .orElseGet(
              () -> {
                LOG.warn(
                    "malformed command {} rejected: {}",
                    LogSafe.text(malformed.id()),
                    LogSafe.text(malformed.problem()));
                return answer(
                    malformed.id(),
                    0,
                    CommandResult.Status.REJECTED,
                    null,
                    malformed.problem(),
                    receivedAt,
                    0,
                    "rejected");
              });
    }
    Command command = ((CommandReading.Readable) reading).command();
    if (!ours(command.node(), record)) {
      metrics.command("ignored");
      return Future.succeededFuture();
    }
    return settledBefore(command.id()).orElseGet(() -> decide(command, receivedAt, started));
  }

  /**
   * Addressed to this node: by its node field, or by the record's key when the field is missing.
   */
  private boolean ours(String target, ConsumerRecord<String, byte[]> record) {
    return node.equals(target != null ? target : record.key());
  }

  /** What to do with an id this gateway has seen before, if it has. */
  private Optional<Future<Void>> settledBefore(String id) {
    if (running.contains(id)) {
      metrics.command("duplicate");
      LOG.info("command {} is running here; its run answers it", LogSafe.text(id));
      return Optional.of(Future.succeededFuture());
    }
    Pending waiting = unpublished.get(id);
    if (waiting != null) {
      return Optional.of(publish(waiting.result(), waiting.expiresAt(), "resent"));
    }
    return switch (journal.state(id)) {
      case ANSWERED -> {
        metrics.command("duplicate");
        LOG.info("command {} was answered before; not again", LogSafe.text(id));
        yield Optional.of(Future.succeededFuture());
      }
      case STARTED -> Optional.of(unknown(id));
      case NEW -> Optional.empty();
    };
  }

  private Future<Void> decide(Command command, long receivedAt, Promise<Void> started) {
    Optional<Future<Void>> invalid = rejectInvalid(command, receivedAt);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Optional<String> refusal;
    Command toRun = command;
    if (command.op().isApi()) {
      CommandAllowlist.Check check = allowlist.check(command.command());
      refusal = Optional.ofNullable(check.refusal());
      if (check.allowed()) {
        // What runs is the line the allowlist checked and hands back, not the text as received.
        toRun =
            new Command(
                command.v(),
                command.id(),
                command.node(),
                command.op(),
                check.line(),
                null,
                null,
                command.issuer(),
                command.issuedAt(),
                command.expiresAt(),
                command.socket(),
                null,
                null);
      }
    } else {
      refusal =
          executor.filesOn()
              ? Optional.empty()
              : Optional.of("file commands are off: they need FS_CONF_DIR and FS_FILE_COMMANDS=on");
    }
    if (refusal.isPresent()) {
      LOG.warn(
          "command {} from {} refused: {}",
          LogSafe.text(command.id()),
          LogSafe.text(command.issuer()),
          LogSafe.text(refusal.get()));
      return answer(
          command, CommandResult.Status.REJECTED, null, refusal.get(), receivedAt, 0, "rejected");
    }
    return run(toRun, receivedAt, started);
  }

  /**
   * The answer to a command that is malformed, would live longer than allowed, or has expired;
   * empty when it is none of these.
   */
  private Optional<Future<Void>> rejectInvalid(Command command, long receivedAt) {
    List<String> problems = command.problems();
    if (!problems.isEmpty()) {
      LOG.warn(
          "command {} from {} rejected: {}",
          LogSafe.text(command.id()),
          LogSafe.text(command.issuer()),
          LogSafe.text(String.join("; ", problems)));
      return Optional.of(
          answer(
              command,
              CommandResult.Status.REJECTED,
              null,
              String.join("; ", problems),
              receivedAt,
              0,
              "rejected"));
    }
    if (command.expiresAt() - receivedAt > limits.maxLifetime().toMillis()) {
      return Optional.of(
          answer(
              command,
              CommandResult.Status.REJECTED,
              null,
              "expiresAt "
                  + Instant.ofEpochMilli(command.expiresAt())
                  + " is more than COMMAND_MAX_LIFETIME ("
                  + limits.maxLifetime()
                  + ") after its receipt at "
                  + Instant.ofEpochMilli(receivedAt),
              receivedAt,
              0,
              "rejected"));
    }
    if (receivedAt > command.expiresAt()) {
      return Optional.of(
          answer(
              command,
              CommandResult.Status.EXPIRED,
              null,
              "expired at "
                  + Instant.ofEpochMilli(command.expiresAt())
                  + ", received at "
                  + Instant.ofEpochMilli(receivedAt),
              receivedAt,
              0,
              "expired"));
    }
    return Optional.empty();
  }

  /**
   * Journals the command as started before running it, so a gateway that dies mid-run answers it
   * {@code unknown} on its next start instead of running it twice. From then on it is {@code
   * started}: its batch may be committed while it runs, so its result is sent until Kafka takes it.
   */
  private Future<Void> run(Command command, long receivedAt, Promise<Void> started) {
    if (closed) {
      // Not journaled, so delivered again to the next start and run there.
      return Future.failedFuture(new IllegalStateException("the gateway is stopping"));
    }
    long startedAt = System.currentTimeMillis();
    running.add(command.id());
    Future<Void> answered =
        vertx
            .executeBlocking(
                () -> {
                  journal.started(command.id(), command.expiresAt());
                  return null;
                },
                false)
            // Only once journaled: a batch committed before would lose the command on a crash.
            .onSuccess(v -> started.tryComplete())
            .compose(v -> executor.execute(command))
            .transform(
                ar -> {
                  Outcome outcome =
                      ar.succeeded()
                          ? ar.result()
                          : new Outcome(
                              CommandResult.Status.ERROR,
                              null,
                              String.valueOf(ar.cause().getMessage()));
                  String counted =
                      switch (outcome.status()) {
                        case OK -> "executed";
                        case REJECTED -> "rejected";
                        default -> "failed";
                      };
                  return answer(
                      command,
                      outcome.status(),
                      outcome.reply(),
                      outcome.error(),
                      receivedAt,
                      startedAt,
                      counted);
                });
    return answered
        .recover(e -> untilTaken(command.id(), e))
        .andThen(ar -> running.remove(command.id()));
  }

  /**
   * Sends again, after a pause, a result Kafka did not take, until it does or the gateway stops
   * (then the next start answers the command {@code unknown}). Meanwhile it holds its place among
   * the commands running, so an outage stops the gateway from starting more.
   */
  private Future<Void> untilTaken(String id, Throwable failure) {
    Pending waiting = unpublished.get(id);
    if (waiting == null) {
      return Future.failedFuture(failure);
    }
    Promise<Void> sent = Promise.promise();
    resendLater(waiting, sent);
    return sent.future();
  }

  /** One promise and a timer per attempt: an outage of any length nests no calls. */
  private void resendLater(Pending waiting, Promise<Void> sent) {
    if (closed) {
      LOG.warn(
          "result of command {} not published before stopping; the next start answers it unknown",
          LogSafe.text(waiting.result().id()));
      sent.fail("the gateway is stopping");
      return;
    }
    vertx.setTimer(
        RESEND_PAUSE_MS,
        t ->
            publish(waiting.result(), waiting.expiresAt(), "resent")
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        sent.complete();
                      } else {
                        resendLater(waiting, sent);
                      }
                    }));
  }

  private Future<Void> answer(
      Command command,
      CommandResult.Status status,
      String reply,
      String error,
      long receivedAt,
      long startedAt,
      String outcome) {
    return answer(
        command.id(), command.expiresAt(), status, reply, error, receivedAt, startedAt, outcome);
  }

  private Future<Void> answer(
      String id,
      long expiresAt,
      CommandResult.Status status,
      String reply,
      String error,
      long receivedAt,
      long startedAt,
      String outcome) {
    byte[] replyBytes = reply == null ? null : reply.getBytes(StandardCharsets.UTF_8);
    boolean cut = replyBytes != null && replyBytes.length > limits.replyMaxBytes();
    CommandResult result =
        new CommandResult(
            CommandResult.VERSION,
            id,
            node,
            status,
            cut ? prefix(reply, limits.replyMaxBytes()) : reply,
            error == null || error.length() <= MAX_ERROR_CHARS
                ? error
                : error.substring(0, MAX_ERROR_CHARS) + "...",
            receivedAt,
            startedAt,
            System.currentTimeMillis(),
            cut ? (long) replyBytes.length : null);
    return publish(result, expiresAt, outcome)
        .onSuccess(
            v ->
                metrics.commandLatency(Duration.ofMillis(System.currentTimeMillis() - receivedAt)));
  }

  private Future<Void> unknown(String id) {
    long now = System.currentTimeMillis();
    LOG.warn(
        "command {} was started by a gateway that stopped before answering it: answered unknown",
        LogSafe.text(id));
    return publish(
        new CommandResult(
            CommandResult.VERSION,
            id,
            node,
            CommandResult.Status.UNKNOWN,
            null,
            "the gateway stopped while running this command: FreeSWITCH may or may not have run it",
            now,
            0,
            now,
            null),
        journal.expiresAt(id),
        "unknown");
  }

  /**
   * Produces {@code result}, then journals its id as answered. A result Kafka refuses as too large
   * is replaced by an error without the reply (sending it again would fail forever); on any other
   * failure the result waits in memory, sent again in place for a command that ran ({@link
   * #untilTaken}), else when its failed batch comes again.
   */
  private Future<Void> publish(CommandResult result, long expiresAt, String outcome) {
    if (closed) {
      // A result produced while stopping would race the shutdown; the next start answers it.
      return Future.failedFuture(
          new IllegalStateException(
              "the gateway is stopping; command "
                  + LogSafe.text(result.id())
                  + " is answered on the next start"));
    }
    return results
        .send(vertx, result.id(), Json.encode(result))
        .recover(
            e -> {
              if (e instanceof RecordTooLargeException && result.reply() != null) {
                LOG.warn(
                    "result of command {} is too large for Kafka; sent without its reply",
                    LogSafe.text(result.id()));
                CommandResult smaller =
                    new CommandResult(
                        result.v(),
                        result.id(),
                        result.node(),
                        CommandResult.Status.ERROR,
                        null,
                        "the reply did not fit in a Kafka record ("
                            + e.getMessage()
                            + "); lower COMMAND_REPLY_MAX_BYTES",
                        result.receivedAt(),
                        result.startedAt(),
                        result.finishedAt(),
                        result.replyBytes());
                return results.send(vertx, smaller.id(), Json.encode(smaller));
              }
              return Future.failedFuture(e);
            })
        .compose(meta -> journalAnswered(result.id(), expiresAt))
        .onSuccess(
            v -> {
              unpublished.remove(result.id());
              metrics.command(outcome);
            })
        .onFailure(
            e -> {
              unpublished.put(result.id(), new Pending(result, expiresAt));
              LOG.warn(
                  "result of command {} not published ({}); it will be sent again",
                  LogSafe.text(result.id()),
                  e.toString());
            });
  }

  /**
   * Journals a result Kafka has taken. A journal that cannot be written does not send it again:
   * Kafka has it, and sending it every second would repeat it and hold the command's place for
   * good. The journal remembers the id as answered for this run; on disk it keeps its started line,
   * so a restart answers it {@code unknown} after it.
   */
  private Future<Void> journalAnswered(String id, long expiresAt) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              journal.answered(id, expiresAt);
              return null;
            },
            false)
        .recover(
            e -> {
              LOG.error(
                  "result of command {} is in Kafka but the journal could not record it ({})",
                  LogSafe.text(id),
                  e.toString());
              return Future.succeededFuture();
            });
  }

  /** The longest start of {@code text} whose UTF-8 form fits in {@code maxBytes}. */
  private static String prefix(String text, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return text.substring(0, end);
  }

  /**
   * From now on no result is published: what is still running is answered {@code unknown} on the
   * next start.
   */
  @Override
  public void close() {
    closed = true;
  }
}
