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
import java.util.ArrayList;
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
 * <p>Files are put in batches ({@code files.put}): one command per file made adding 10,000 users
 * take a minute, the gateway journaling, syncing and answering each on its own.
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

  /** Files per {@code files.put}: half the envelope's limit of {@link Command#MAX_FILES}. */
  static final int CHUNK_FILES = 500;

  /**
   * The text of one {@code files.put}, paths and sealed contents (base64: JSON leaves it as is):
   * half of the 1 MiB that Kafka's producer ({@code max.request.size}) and topic ({@code
   * max.message.bytes}) take by default, and well under the gateway's FS_FILES_MAX_BYTES.
   */
  static final long CHUNK_BYTES = 512 * 1024;

  /** A file's JSON around its path and content. */
  private static final int FILE_OVERHEAD = 64;

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

  /**
   * Puts files on each of {@code nodes} in {@code files.put} commands of at most {@link
   * #CHUNK_FILES} files and about {@link #CHUNK_BYTES}, each written all or none by the gateway;
   * one result per chunk and node. Each file is sealed once for all nodes, and each chunk goes to
   * every node before the next is sealed, so that every gateway starts on its first chunk while the
   * rest are sealed.
   *
   * @param contentByPath each file's text by its path
   * @return each node's results, by node
   */
  public Map<String, List<Future<CommandResult>>> putAll(
      List<String> nodes, Map<String, String> contentByPath) {
    Map<String, List<Future<CommandResult>>> results = new HashMap<>();
    nodes.forEach(node -> results.put(node, new ArrayList<>()));
    List<Command.FileContent> chunk = new ArrayList<>();
    long bytes = 0;
    for (Map.Entry<String, String> file : contentByPath.entrySet()) {
      Command.FileContent sealed =
          new Command.FileContent(file.getKey(), null, sealer.seal(file.getValue()));
      long size = sealed.path().length() + sealed.sealedContent().length() + FILE_OVERHEAD;
      if (!chunk.isEmpty() && (chunk.size() == CHUNK_FILES || bytes + size > CHUNK_BYTES)) {
        putChunk(nodes, chunk, results);
        chunk = new ArrayList<>();
        bytes = 0;
      }
      chunk.add(sealed);
      bytes += size;
    }
    if (!chunk.isEmpty()) {
      putChunk(nodes, chunk, results);
    }
    return results;
  }

  private void putChunk(
      List<String> nodes,
      List<Command.FileContent> files,
      Map<String, List<Future<CommandResult>>> results) {
    for (String node : nodes) {
      results.get(node).add(putChunk(node, files));
    }
  }

  private Future<CommandResult> putChunk(String node, List<Command.FileContent> files) {
    long now = System.currentTimeMillis();
    return send(Command.filesPut(newId(), node, files, ISSUER, now, now + timeout.toMillis()));
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
