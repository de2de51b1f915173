package io.switchboard.provisioning.node;

import io.switchboard.bus.Command;
import io.switchboard.bus.CommandResult;
import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.Json;
import io.switchboard.kafka.TopicWriter;
import io.switchboard.security.SecretSealer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands to nodes' gateways on {@code fs.commands} and completes each with its result from
 * {@code fs.command-results}. Confined to the service's context: {@link #send} and {@link
 * #onResults} run there, so the table of waiting commands needs no lock.
 *
 * <p>A file's text travels sealed ({@code COMMAND_SEAL_KEY}): users' files hold their passwords,
 * which must not cross the shared topic in clear text.
 *
 * <p>A command carries an expiry as long as the wait for its answer: a gateway that reads it later
 * must not run a change the service has already given up on (and maybe rolled back elsewhere).
 */
public final class NodeCommands {
  private static final Logger LOG = LoggerFactory.getLogger(NodeCommands.class);
  private static final String ISSUER = "provisioning-service";

  private final Vertx vertx;
  private final TopicWriter commands;
  private final SecretSealer sealer;
  private final Duration timeout;
  private final Map<String, Promise<CommandResult>> waiting = new HashMap<>();

  public NodeCommands(Vertx vertx, TopicWriter commands, SecretSealer sealer, Duration timeout) {
    this.vertx = vertx;
    this.commands = commands;
    this.sealer = sealer;
    this.timeout = timeout;
  }

  public Future<CommandResult> api(String node, String command) {
    long now = System.currentTimeMillis();
    return send(Command.api(newId(), node, command, ISSUER, now, now + timeout.toMillis()));
  }

  public Future<CommandResult> put(String node, String path, String content) {
    long now = System.currentTimeMillis();
    return send(
        Command.sealedFilePut(
            newId(), node, path, sealer.seal(content), ISSUER, now, now + timeout.toMillis()));
  }

  public Future<CommandResult> delete(String node, String path) {
    long now = System.currentTimeMillis();
    return send(Command.fileDelete(newId(), node, path, ISSUER, now, now + timeout.toMillis()));
  }

  private static String newId() {
    return "prov-" + UUID.randomUUID();
  }

  /** Fails with a {@link TimeoutException} when no result arrives within the timeout. */
  private Future<CommandResult> send(Command command) {
    Promise<CommandResult> result = Promise.promise();
    waiting.put(command.id(), result);
    long timer =
        vertx.setTimer(
            timeout.toMillis(),
            t -> {
              if (waiting.remove(command.id()) != null) {
                result.tryFail(
                    new TimeoutException(
                        "no answer from node " + command.node() + "'s gateway in " + timeout));
              }
            });
    commands
        .send(vertx, command.node(), Json.encode(command))
        .onFailure(
            e -> {
              if (waiting.remove(command.id()) != null) {
                vertx.cancelTimer(timer);
                result.tryFail(e);
              }
            });
    return result.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  /** The follower's handler for {@code fs.command-results}: results of others are skipped. */
  public Future<Void> onResults(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      Promise<CommandResult> waiter = record.key() == null ? null : waiting.remove(record.key());
      if (waiter == null) {
        continue;
      }
      try {
        waiter.tryComplete(Json.decode(record.value(), CommandResult.class));
      } catch (EnvelopeException e) {
        LOG.warn("malformed result of command {}: {}", record.key(), e.getMessage());
        waiter.tryFail(e);
      }
    }
    return Future.succeededFuture();
  }

  /** Commands sent and not answered yet. */
  public int waiting() {
    return waiting.size();
  }
}
