package io.switchboard.provisioning.apply;

import io.switchboard.provisioning.folder.ConfigFolder;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.folder.FolderChange;
import io.switchboard.provisioning.node.NodeAnswer;
import io.switchboard.provisioning.node.NodeCommands;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the configuration: every change (a call of the API, a hand edit found in the
 * folder, a node catching up) runs here one after the other, on the service's context, against the
 * files the nodes hold now ({@code applied}). The folder's files are put in place only after the
 * nodes took a change (written and synced beside their targets meanwhile); a hand edit the nodes
 * refused is kept in the folder (it is the editor's file) but not retried until the folder changes
 * again.
 */
public final class Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

  private final Vertx vertx;
  private final ConfigFolder folder;
  private final ClusterApplier applier;
  private final ChangeJournal journal;
  private final LoadedState loaded;
  private final BehindNodes behind = new BehindNodes();
  private final List<Supplier<Future<?>>> changeListeners = new ArrayList<>();
  private SortedMap<String, String> applied = new TreeMap<>();
  private Map<String, String> refusedFolder;
  private volatile ApplyOutcome last;
  private volatile List<String> behindNow = List.of();
  private Future<?> tail = Future.succeededFuture();

  public Provisioner(
      Vertx vertx,
      ConfigFolder folder,
      ClusterApplier applier,
      ChangeJournal journal,
      NodeCommands commands,
      long locateMaxBytes) {
    this.vertx = vertx;
    this.folder = folder;
    this.applier = applier;
    this.journal = journal;
    this.loaded = new LoadedState(commands, folder.layout(), locateMaxBytes);
  }

  /** Who made a hand edit: whoever wrote into the folder; the service cannot tell. */
  public static final String FOLDER = "folder";

  /** Runs {@code work} after everything queued before it, whatever their outcome. */
  private <T> Future<T> queued(Function<Void, Future<T>> work) {
    Future<T> next = tail.transform(ignored -> work.apply(null));
    tail = next;
    return next;
  }

  /** What a change will do, computed from the files the nodes hold. */
  public interface Plan {
    List<FileChange> changes();

    /**
     * Readies the folder's side of the change (on a worker) while the nodes take it; it is
     * committed once every node took the change, and abandoned otherwise. A restore swaps its
     * staged folders in instead. Also committed when the nodes hold the change already, so that the
     * folder says what they hold.
     */
    default FolderChange stage(ConfigFolder folder) throws IOException {
      return folder.stage(changes());
    }
  }

  /** A plan and how applying it went; no outcome when the plan changed nothing. */
  public record Changed<P extends Plan>(P plan, ApplyOutcome outcome) {}

  /**
   * A change planned against the files the nodes hold, by the single writer: two plans never see
   * the same state. Applied to the nodes while the folder's side is staged (writing and syncing
   * 10,000 files takes seconds), then put in the folder. Completes once whatever follows the
   * changes ({@link #whenChanged}) has caught up with it.
   */
  public <P extends Plan> Future<Changed<P>> change(
      String who, String what, Function<Map<String, String>, P> planner) {
    return queued(
        v -> {
          P plan = planner.apply(Collections.unmodifiableMap(applied));
          List<FileChange> changes = plan.changes();
          if (changes.isEmpty()) {
            return stage(plan).compose(this::commitBlocking).map(w -> new Changed<>(plan, null));
          }
          // The folder's files are written while the nodes reload, not while their gateways write:
          // writing 10,000 files on the same disk at the same time slowed both more than it saved.
          Promise<Void> filesAnswered = Promise.promise();
          Future<ApplyOutcome> applying = applier.apply(changes, filesAnswered::tryComplete);
          Future<FolderChange> staged = filesAnswered.future().compose(files -> stage(plan));
          return Future.join(staged, applying)
              .transform(both -> settle(staged, applying, changes))
              .compose(outcome -> remember(changes, outcome))
              .compose(outcome -> journal.publish(who, what, changes, outcome).map(outcome))
              .map(outcome -> new Changed<>(plan, outcome));
        });
  }

  /** Reads the folder and applies what was edited by hand since the last look. */
  public Future<ApplyOutcome> scan() {
    return queued(
        v ->
            vertx
                .executeBlocking(folder::read, false)
                .compose(
                    now -> {
                      List<FileChange> changes = ConfigFolder.diff(applied, now);
                      if (changes.isEmpty() || now.equals(refusedFolder)) {
                        return Future.succeededFuture();
                      }
                      return applier
                          .apply(changes)
                          .compose(
                              outcome -> {
                                refusedFolder = outcome.applied() ? null : now;
                                if (!outcome.applied()) {
                                  LOG.warn("a hand edit was refused: {}", outcome.error());
                                }
                                return remember(changes, outcome);
                              })
                          .compose(
                              outcome ->
                                  journal.publish(FOLDER, FOLDER, changes, outcome).map(outcome));
                    }));
  }

  /**
   * Asks {@code node} what it loaded (after a RELOADXML, whoever caused it, or a reconnect): the
   * managed files whose user or extension it lacks make it behind, and the next catch-up gives them
   * to it again.
   */
  public Future<Void> verify(String node) {
    return queued(
        v ->
            loaded
                .missing(node, applied)
                .map(
                    missing -> {
                      if (missing.isPresent() && !missing.get().isEmpty()) {
                        LOG.warn(
                            "node {} has not loaded {} managed files; it is behind",
                            node,
                            missing.get().size());
                        behind.missed(node, missing.get());
                        behindNow = behind.nodes();
                      }
                      return null;
                    }));
  }

  /** Gives each node that is behind the files it missed, as the folder holds them now. */
  public Future<Void> catchUp() {
    return queued(
        v -> {
          List<Future<?>> all = new ArrayList<>();
          for (String node : behind.nodes()) {
            List<FileChange> missed = new ArrayList<>();
            for (String path : behind.pathsOf(node)) {
              // The node's own before is unknown; a catch-up is never rolled back.
              missed.add(new FileChange(path, null, applied.get(path)));
            }
            all.add(
                applier
                    .onNodes(List.of(node), missed)
                    .onSuccess(
                        answers -> {
                          NodeAnswer answer = answers.get(node);
                          if (answer.ok()) {
                            behind.caughtUp(node, missed.stream().map(FileChange::path).toList());
                            behindNow = behind.nodes();
                            LOG.info("node {} caught up with {} files", node, missed.size());
                          }
                        }));
          }
          return Future.join(all).mapEmpty();
        });
  }

  /**
   * Gives every node the managed files among {@code paths} again, as they stand, and reloads (the
   * connector's reprov). Not rolled back: these are the files every node should hold already. A
   * node that does not answer is behind for them.
   */
  public Future<Map<String, NodeAnswer>> resend(List<String> paths) {
    return queued(
        v -> {
          List<FileChange> files =
              paths.stream()
                  .filter(applied::containsKey)
                  .map(path -> new FileChange(path, null, applied.get(path)))
                  .toList();
          return applier
              .onNodes(applier.nodes(), files)
              .onSuccess(
                  answers -> {
                    answers.forEach(
                        (node, answer) -> {
                          if (answer.kind() == NodeAnswer.Kind.UNREACHABLE) {
                            behind.missed(node, files.stream().map(FileChange::path).toList());
                          }
                        });
                    behindNow = behind.nodes();
                  });
        });
  }

  private Future<FolderChange> stage(Plan plan) {
    return vertx.executeBlocking(() -> plan.stage(folder), false);
  }

  private Future<Void> commitBlocking(FolderChange staged) {
    return vertx.executeBlocking(
        () -> {
          staged.commit();
          return null;
        },
        false);
  }

  /** The folder takes what the nodes took, and only that. */
  private Future<ApplyOutcome> settle(
      Future<FolderChange> staged, Future<ApplyOutcome> applying, List<FileChange> changes) {
    if (applying.failed()) {
      return abandon(staged).transform(r -> Future.failedFuture(applying.cause()));
    }
    ApplyOutcome outcome = applying.result();
    return (outcome.applied() ? commit(staged, changes) : abandon(staged)).map(outcome);
  }

  /**
   * The folder takes a change the nodes took; when it cannot (a full disk), the nodes get their
   * previous files back, so that they and the folder still agree.
   */
  private Future<Void> commit(Future<FolderChange> staged, List<FileChange> changes) {
    return staged
        .compose(this::commitBlocking)
        .recover(
            e -> {
              LOG.warn(
                  "the folder did not take a change the nodes took; undoing it: {}", e.toString());
              List<FileChange> undo = changes.stream().map(FileChange::reversed).toList();
              return applier.onNodes(applier.nodes(), undo).transform(r -> Future.failedFuture(e));
            });
  }

  /** A change the nodes refused leaves the folder as it was. */
  private Future<Void> abandon(Future<FolderChange> staged) {
    if (staged.failed()) {
      return Future.succeededFuture();
    }
    return vertx
        .<Void>executeBlocking(
            () -> {
              staged.result().abandon();
              return null;
            },
            false)
        .recover(
            e -> {
              LOG.warn("temporary files of a refused change were left: {}", e.toString());
              return Future.succeededFuture();
            });
  }

  /**
   * Takes a change the nodes hold into {@link #applied}; completes once every listener ({@link
   * #whenChanged}) has caught up with it.
   */
  private Future<ApplyOutcome> remember(List<FileChange> changes, ApplyOutcome outcome) {
    List<Future<?>> following = new ArrayList<>();
    if (outcome.applied()) {
      for (FileChange change : changes) {
        if (change.after() == null) {
          applied.remove(change.path());
        } else {
          applied.put(change.path(), change.after());
        }
      }
      changeListeners.forEach(listener -> following.add(listener.get()));
    }
    List<String> paths = changes.stream().map(FileChange::path).toList();
    for (String node : outcome.behind()) {
      behind.missed(node, paths);
    }
    last = outcome;
    behindNow = behind.nodes();
    return Future.join(following)
        .transform(
            caughtUp -> {
              if (caughtUp.failed()) {
                LOG.warn("following a change failed: {}", caughtUp.cause().toString());
              }
              return Future.succeededFuture(outcome);
            });
  }

  /**
   * Runs {@code listener} on the service's context after every change of {@link #applied}; the
   * change completes (the API answers it, the next change starts) once the listener's future does,
   * so what it derives from {@link #applied} is ready before anyone can ask for it.
   */
  public void whenChanged(Supplier<Future<?>> listener) {
    changeListeners.add(listener);
  }

  /** The managed files as the nodes hold them (read-only view; on the service's context). */
  public Map<String, String> applied() {
    return Collections.unmodifiableMap(applied);
  }

  /** Nodes that missed a change; safe from any thread. */
  public List<String> behindNodes() {
    return behindNow;
  }

  /** The outcome of the last change, null before the first; safe from any thread. */
  public ApplyOutcome last() {
    return last;
  }
}
