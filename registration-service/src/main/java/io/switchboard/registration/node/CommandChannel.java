package io.switchboard.registration.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands to nodes' gateways on {@code fs.commands} and hands back each one's result from
 * {@code fs.command-results}. A command whose result does not come within its lifetime (the gateway
 * is down, or Kafka is) fails here as {@code timeout}; the gateway would answer it "expired" and
 * never run it later, so the caller may safely send it again. A file's text is sealed for the
 * gateway ({@code COMMAND_SEAL_KEY}): the gateway files hold the rooms' passwords, which must not
 * cross the topic in clear text. Runs on one context.
 */
public final class CommandChannel {
  private static final Logger LOG = LoggerFactory.getLogger(CommandChannel.class);
  private static final String ISSUER = "registration-service";

  private final Vertx vertx;
  private final TopicWriter commands;
  private final SecretSealer sealer;
  private final Duration lifetime;
  private final LongSupplier clock;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final Counter failed;
  private final MeterRegistry registry;

  private record Waiting(Promise<CommandResult> promise, long timer) {}

  public CommandChannel(
      Vertx vertx,
      TopicWriter commands,
      SecretSealer sealer,
      Duration lifetime,
      LongSupplier clock,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.commands = commands;
    this.sealer = sealer;
    this.lifetime = lifetime;
    this.clock = clock;
    this.registry = registry;
    this.failed =
        Counter.builder("switchboard_registration_commands_failed_total")
            .description("commands that failed, were refused, expired or went unanswered")
            .register(registry);
  }

  public Future<CommandResult> api(String node, String command) {
    long now = clock.getAsLong();
    return send(Command.api(id(), node, command, ISSUER, now, now + lifetime.toMillis()));
  }

  /**
   * Writes {@code files} (path to content) on {@code node} all or none, in one {@code files.put}:
   * one journal entry, one grouped fsync and one result at the gateway instead of one each.
   */
  public Future<CommandResult> putAll(String node, Map<String, String> files) {
    long now = clock.getAsLong();
    List<Command.FileContent> sealed = new ArrayList<>(files.size());
    files.forEach(
        (path, content) -> sealed.add(new Command.FileContent(path, null, sealer.seal(content))));
    return send(Command.filesPut(id(), node, sealed, ISSUER, now, now + lifetime.toMillis()));
  }

  public Future<CommandResult> delete(String node, String path) {
    long now = clock.getAsLong();
    return send(Command.fileDelete(id(), node, path, ISSUER, now, now + lifetime.toMillis()));
  }

  private static String id() {
    return "reg-" + UUID.randomUUID();
  }

  private Future<CommandResult> send(Command command) {
    Counter.builder("switchboard_registration_commands_total")
        .description("commands sent to gateways, by operation")
        .tag("op", command.op().wire())
        .register(registry)
        .increment();
    Promise<CommandResult> promise = Promise.promise();
    // The gateway answers "expired" at expiresAt; a little beyond it the result is given up on.
    long timer =
        vertx.setTimer(
            lifetime.toMillis() + 2000,
            t -> {
              if (waiting.remove(command.id()) != null) {
                failed.increment();
                promise.tryFail("no result from node " + command.node() + " (timeout)");
              }
            });
    waiting.put(command.id(), new Waiting(promise, timer));
    commands
        .send(vertx, command.node(), Json.encode(command))
        .onFailure(
            e -> {
              Waiting gone = waiting.remove(command.id());
              if (gone != null) {
                vertx.cancelTimer(gone.timer());
                failed.increment();
                promise.tryFail("command not published: " + e.getMessage());
              }
            });
    return promise.future();
  }

  /** The results follower's handler: completes the waiting commands among {@code records}. */
  public Future<Void> handle(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      Waiting w = record.key() == null ? null : waiting.remove(record.key());
      if (w == null) {
        continue;
      }
      vertx.cancelTimer(w.timer());
      try {
        CommandResult result = Json.decode(record.value(), CommandResult.class);
        if (result.status() != CommandResult.Status.OK) {
          failed.increment();
        }
        w.promise().complete(result);
      } catch (EnvelopeException e) {
        LOG.warn("unreadable result for command {}: {}", record.key(), e.getMessage());
        failed.increment();
        w.promise().fail("unreadable result: " + e.getMessage());
      }
    }
    return Future.succeededFuture();
  }
}
