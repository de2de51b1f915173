package io.switchboard.provisioning.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.bus.CommandResult;
import io.switchboard.provisioning.node.NodeCommands;
import io.switchboard.provisioning.recording.RecordingOutcome.Kind;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, pauses, resumes and stops conference recordings on the nodes with {@code conference
 * <name> recording start|pause|resume|stop <path>} through their gateways, and remembers which file
 * each conference records to, so that a moderator's "pause" finds it. Confined to the service's
 * context.
 *
 * <p>A reply is a failure when it holds {@code -ERR} anywhere: pause and resume write {@code +OK
 * Pause recording file <path>} before they look the path up, then {@code -ERR non-existant
 * recording '<path>'} (conference_api.c:3877-3920, conference_api_sub_recording), so the gateway's
 * status, which looks at the start of the reply, is not enough.
 */
public final class RecordingControl {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingControl.class);

  private record Key(String node, String conference) {}

  /**
   * A recording this service started; {@code confirmed} once the node answered the start, {@code
   * ended} when the node said it ended before that answer arrived (results and events come on
   * different topics, so their order is not the node's).
   */
  private static final class Active {
    final String path;
    boolean confirmed;
    boolean ended;

    Active(String path) {
      this.path = path;
    }
  }

  private final NodeCommands commands;
  private final List<String> nodes;
  private final RecordingFiles files;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<Key, Active> active = new HashMap<>();

  public RecordingControl(
      NodeCommands commands,
      List<String> nodes,
      RecordingFiles files,
      Clock clock,
      MeterRegistry registry) {
    this.commands = commands;
    this.nodes = List.copyOf(nodes);
    this.files = files;
    this.clock = clock;
    this.registry = registry;
  }

  /**
   * Runs {@code action} on the conference, on {@code node} or, when empty, on the one node that
   * runs it.
   *
   * @param fileName for pause, resume and stop: the recording's file name; empty for the one this
   *     service started
   * @param by who asked, for the log
   */
  public Future<RecordingOutcome> control(
      Optional<String> node,
      String conference,
      RecordingAction action,
      Optional<String> fileName,
      String by) {
    if (!RecordingFiles.validConference(conference)) {
      return Future.succeededFuture(
          count(
              new RecordingOutcome(
                  Kind.INVALID,
                  node.orElse(null),
                  conference,
                  action,
                  null,
                  "conference: '" + conference + "' is not a conference name"),
              by));
    }
    if (node.isPresent() && !nodes.contains(node.get())) {
      return Future.succeededFuture(
          count(
              new RecordingOutcome(
                  Kind.INVALID,
                  node.get(),
                  conference,
                  action,
                  null,
                  "node: '" + node.get() + "' is not one of PROVISIONING_NODES"),
              by));
    }
    Future<Located> where =
        node.isPresent()
            ? Future.succeededFuture(new Located(node.get(), null))
            : locate(conference, action);
    return where.compose(
        found ->
            found.node() == null
                ? Future.succeededFuture(count(found.refusal(), by))
                : run(found.node(), conference, action, fileName, by));
  }

  /** The node a command goes to, or why there is none. */
  private record Located(String node, RecordingOutcome refusal) {}

  /**
   * The node that runs the conference: the one this service records it on, else the only node whose
   * {@code conference <name> count} is no {@code -ERR}; a refusal when there is none or more than
   * one.
   */
  private Future<Located> locate(String conference, RecordingAction action) {
    List<String> recording =
        active.keySet().stream()
            .filter(k -> k.conference().equals(conference))
            .map(Key::node)
            .toList();
    if (action != RecordingAction.START && recording.size() == 1) {
      return Future.succeededFuture(new Located(recording.get(0), null));
    }
    List<Future<Boolean>> probes = new ArrayList<>();
    for (String node : nodes) {
      probes.add(
          commands
              .api(node, "conference " + conference + " count")
              .map(r -> failure(r).isEmpty())
              .otherwise(false));
    }
    return Future.join(probes)
        .map(
            all -> {
              List<String> running = new ArrayList<>();
              for (int i = 0; i < nodes.size(); i++) {
                if (Boolean.TRUE.equals(probes.get(i).result())) {
                  running.add(nodes.get(i));
                }
              }
              if (running.size() == 1) {
                return new Located(running.get(0), null);
              }
              return new Located(
                  null,
                  running.isEmpty()
                      ? new RecordingOutcome(
                          Kind.NOT_FOUND,
                          null,
                          conference,
                          action,
                          null,
                          "conference: '" + conference + "' runs on no node that answered")
                      : new RecordingOutcome(
                          Kind.REFUSED,
                          null,
                          conference,
                          action,
                          null,
                          "conference: '"
                              + conference
                              + "' runs on nodes "
                              + running
                              + "; name one with node"));
            });
  }

  private Future<RecordingOutcome> run(
      String node,
      String conference,
      RecordingAction action,
      Optional<String> fileName,
      String by) {
    Key key = new Key(node, conference);
    Active current = active.get(key);
    if (action == RecordingAction.START) {
      if (current != null) {
        return Future.succeededFuture(
            count(
                outcome(
                    Kind.REFUSED,
                    key,
                    action,
                    current.path,
                    "conference: '" + conference + "' is already recording"),
                by));
      }
      Active started = new Active(files.newPath(conference, clock.instant()));
      active.put(key, started);
      return send(key, action, started.path, by)
          .onSuccess(
              outcome -> {
                if (outcome.done() && !started.ended) {
                  started.confirmed = true;
                } else {
                  active.remove(key, started);
                }
              });
    }
    Optional<String> path =
        fileName.isPresent()
            ? files.pathOf(fileName.get())
            : Optional.ofNullable(current).map(a -> a.path);
    if (path.isEmpty()) {
      return Future.succeededFuture(
          count(
              outcome(
                  fileName.isPresent() ? Kind.INVALID : Kind.REFUSED,
                  key,
                  action,
                  fileName.orElse(null),
                  fileName.isPresent()
                      ? "file: '" + fileName.get() + "' is not a file name of the recordings folder"
                      : "conference: '"
                          + conference
                          + "' has no recording started here; name the file"),
              by));
    }
    return send(key, action, path.get(), by)
        .onSuccess(
            outcome -> {
              if (outcome.done() && action == RecordingAction.STOP) {
                active.computeIfPresent(key, (k, a) -> a.path.equals(path.get()) ? null : a);
              }
            });
  }

  private Future<RecordingOutcome> send(Key key, RecordingAction action, String path, String by) {
    String command = "conference " + key.conference() + " recording " + action.word() + " " + path;
    return commands
        .api(key.node(), command)
        .map(
            result ->
                failure(result)
                    .map(error -> outcome(Kind.FAILED, key, action, path, error))
                    .orElseGet(() -> outcome(Kind.DONE, key, action, path, result.reply().trim())))
        .otherwise(e -> outcome(Kind.FAILED, key, action, path, e.getMessage()))
        .map(outcome -> count(outcome, by));
  }

  /** Why the command failed, or empty: {@code -ERR} anywhere in the reply is a failure. */
  static Optional<String> failure(CommandResult result) {
    if (result.status() != CommandResult.Status.OK) {
      String why = result.error() != null ? result.error() : result.reply();
      return Optional.of(result.status().wire() + ": " + (why == null ? "" : why.trim()));
    }
    if (result.reply() == null || result.reply().contains("-ERR")) {
      return Optional.of(result.reply() == null ? "no reply" : result.reply().trim());
    }
    return Optional.empty();
  }

  /**
   * The node says a recording ended ({@code stop-recording}, conference_record.c) or the conference
   * is gone ({@code conference-destroy}, path null): forget it.
   */
  void ended(String node, String conference, String path) {
    Key key = new Key(node, conference);
    if (path == null) {
      active.remove(key);
    } else {
      Active current = active.get(key);
      if (current != null && current.path.equals(path)) {
        if (current.confirmed) {
          active.remove(key);
        } else {
          current.ended = true;
        }
      }
    }
  }

  /**
   * {@code start-recording} with {@code Error: File could not be opened for recording}
   * (conference_record.c:276-321): the start answered {@code +OK}, but nothing is recorded.
   */
  void unopened(String node, String conference, String path, String error) {
    Key key = new Key(node, conference);
    Active current = active.get(key);
    if (current != null && current.path.equals(path)) {
      active.remove(key);
    }
    counter(RecordingAction.START, "file_error").increment();
    LOG.warn("recording of conference {} on {} to {} failed: {}", conference, node, path, error);
  }

  /** The file this service records the conference to on the node, if any. */
  public Optional<String> recordingOf(String node, String conference) {
    return Optional.ofNullable(active.get(new Key(node, conference)))
        .map(a -> files.nameOf(a.path));
  }

  private RecordingOutcome outcome(
      Kind kind, Key key, RecordingAction action, String path, String message) {
    return new RecordingOutcome(
        kind,
        key.node(),
        key.conference(),
        action,
        path == null ? null : files.nameOf(path),
        message);
  }

  private Counter counter(RecordingAction action, String outcome) {
    return Counter.builder("switchboard_provisioning_recording_commands")
        .description(
            "recording commands by action and outcome: done, failed (the node or its gateway said "
                + "no, or did not answer), refused, invalid, not_found, file_error")
        .tag("action", action.word())
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Counts every outcome by action and kind, and logs the ones that are not done. */
  private RecordingOutcome count(RecordingOutcome outcome, String by) {
    counter(outcome.action(), outcome.kind().name().toLowerCase(Locale.ROOT)).increment();
    if (outcome.kind() == Kind.FAILED) {
      LOG.warn(
          "recording {} of conference {} on {} for {} failed: {}",
          outcome.action().word(),
          outcome.conference(),
          outcome.node(),
          by,
          outcome.message());
    } else if (!outcome.done()) {
      LOG.info(
          "recording {} of conference {} for {} not sent: {}",
          outcome.action().word(),
          outcome.conference(),
          by,
          outcome.message());
    }
    return outcome;
  }
}
