package io.switchboard.gateway.command;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.Json;
import io.switchboard.bus.Topics;
import io.switchboard.esl.EslConnection;
import io.switchboard.gateway.GatewayMetrics;
import io.switchboard.gateway.socket.SocketRegistry;
import io.switchboard.kafka.RecordPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the commands on {@code fs.commands} that are addressed to this node, one at a time
 * and in order, and answers each with exactly one result on {@code fs.command-results}, produced
 * before the command's offset is committed. A command is executed only if it is well-formed,
 * not expired, not executed before, and allowlisted (API commands) or inside the configuration
 * folder (file commands). API commands run as bgapi, so events keep flowing meanwhile.
 */
public final class CommandProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

  private final Vertx vertx;
  private final String node;
  private final CommandAllowlist allowlist;
  private final Optional<FileOperations> files;
  private final ExecutedCommands executed;
  private final SocketRegistry sockets;
  private final RecordPublisher results;
  private final GatewayMetrics metrics;

  public CommandProcessor(Vertx vertx, String node, CommandAllowlist allowlist, Optional<FileOperations> files,
      ExecutedCommands executed, SocketRegistry sockets, RecordPublisher results, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.node = node;
    this.allowlist = allowlist;
    this.files = files;
    this.executed = executed;
    this.sockets = sockets;
    this.results = results;
    this.metrics = metrics;
  }

  /** A polled batch, in order; completes when every result is in Kafka. */
  public Future<Void> handle(List<ConsumerRecord<String, byte[]>> batch) {
    Future<Void> chain = Future.succeededFuture();
    for (ConsumerRecord<String, byte[]> record : batch) {
      chain = chain.compose(v -> process(record));
    }
    return chain;
  }

  private Future<Void> process(ConsumerRecord<String, byte[]> record) {
    long receivedAt = System.currentTimeMillis();
    Command command;
    try {
      command = Json.decode(record.value(), Command.class);
    } catch (EnvelopeException e) {
      // Without a readable id there is no key to answer under; only this node's records are ours.
      if (node.equals(record.key())) {
        metrics.command("rejected");
        LOG.warn("unreadable command at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      }
      return Future.succeededFuture();
    }
    if (!node.equals(command.node())) {
      metrics.command("ignored");
      return Future.succeededFuture();
    }
    if (command.id() != null && executed.contains(command.id())) {
      metrics.command("duplicate");
      LOG.info("command {} was executed before; not again", command.id());
      return Future.succeededFuture();
    }
    List<String> problems = command.problems();
    if (command.id() == null || command.id().isBlank()) {
      metrics.command("rejected");
      LOG.warn("command without an id at offset {}: {}", record.offset(), problems);
      return Future.succeededFuture();
    }
    if (!problems.isEmpty()) {
      return answer(command, CommandResult.Status.REJECTED, null, String.join("; ", problems), receivedAt, 0, "rejected");
    }
    if (receivedAt > command.expiresAt()) {
      return answer(command, CommandResult.Status.EXPIRED, null, "expired at " + Instant.ofEpochMilli(command.expiresAt())
          + ", received at " + Instant.ofEpochMilli(receivedAt), receivedAt, 0, "expired");
    }
    Optional<String> refusal = command.op().isApi() ? allowlist.refusal(command.command())
        : files.isEmpty() ? Optional.of("file commands are disabled: FS_CONF_DIR is not set") : Optional.empty();
    if (refusal.isPresent()) {
      LOG.warn("command {} from {} refused: {}", command.id(), command.issuer(), refusal.get());
      return answer(command, CommandResult.Status.REJECTED, null, refusal.get(), receivedAt, 0, "rejected");
    }
    long startedAt = System.currentTimeMillis();
    return vertx.executeBlocking(() -> {
      executed.record(command.id(), command.expiresAt());
      return null;
    }, false).compose(v -> execute(command)).transform(ar -> {
      Outcome outcome = ar.succeeded() ? ar.result()
          : new Outcome(CommandResult.Status.ERROR, null, ar.cause().getMessage());
      String counted = switch (outcome.status()) {
        case OK -> "executed";
        case REJECTED -> "rejected";
        default -> "failed";
      };
      return answer(command, outcome.status(), outcome.reply(), outcome.error(), receivedAt, startedAt, counted);
    });
  }

  private record Outcome(CommandResult.Status status, String reply, String error) { }

  private Future<Outcome> execute(Command command) {
    switch (command.op()) {
      case API, BGAPI -> {
        Optional<EslConnection> connection = sockets.connection(command.socket());
        if (connection.isEmpty()) {
          return Future.succeededFuture(new Outcome(CommandResult.Status.ERROR, null,
              command.socket() == null ? "FreeSWITCH is not connected" : "socket " + command.socket() + " is not connected"));
        }
        return connection.get().bgapi(command.command()).map(reply -> reply.ok()
            ? new Outcome(CommandResult.Status.OK, reply.text(), null)
            : new Outcome(CommandResult.Status.ERROR, reply.text(), "FreeSWITCH answered " + firstLine(reply.text())));
      }
      case FILE_PUT, FILE_DELETE -> {
        FileOperations ops = files.orElseThrow();
        return vertx.executeBlocking(() -> {
          try {
            if (command.op() == Command.Op.FILE_PUT) {
              long bytes = ops.put(command.path(), command.content());
              return new Outcome(CommandResult.Status.OK, "wrote " + bytes + " bytes to " + command.path(), null);
            }
            boolean existed = ops.delete(command.path());
            return new Outcome(CommandResult.Status.OK, (existed ? "deleted " : "no such file ") + command.path(), null);
          } catch (FileOperations.Refused e) {
            return new Outcome(CommandResult.Status.REJECTED, null, e.getMessage());
          }
        }, false);
      }
      default -> {
        return Future.succeededFuture(new Outcome(CommandResult.Status.REJECTED, null, "unknown op"));
      }
    }
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").trim();
  }

  private Future<Void> answer(Command command, CommandResult.Status status, String reply, String error, long receivedAt,
      long startedAt, String outcome) {
    long finishedAt = System.currentTimeMillis();
    CommandResult result = new CommandResult(CommandResult.VERSION, command.id(), node, status, reply, error, receivedAt,
        startedAt, finishedAt);
    metrics.command(outcome);
    return results.send(vertx, Topics.COMMAND_RESULTS, command.id(), Json.encode(result)).onSuccess(meta ->
        metrics.commandLatency(Duration.ofMillis(System.currentTimeMillis() - receivedAt))).mapEmpty();
  }
}
