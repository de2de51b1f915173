package io.switchboard.provisioning.users;

import io.switchboard.provisioning.apply.Provisioner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the files the nodes hold describe (users, conferences), parsed once per file version and
 * never on the event loop: a change's files are parsed on a worker when it lands (10,000 users in
 * one batch took 0.7 s to parse), or not at all when whoever wrote them says what they describe
 * ({@link #know}). Readers see the last prepared state. Confined to the service's context.
 *
 * @param <T> what one file describes
 */
public final class FileIndex<T> {
  private record Parsed<T>(String text, Optional<T> value) {}

  /** A file to parse: its path, its text and its context. */
  private record Due(String path, String text, String context) {}

  private final Vertx vertx;
  private final List<String> contexts;
  private final Function<String, String> folderOf;
  private final BiFunction<String, String, Optional<T>> parser;

  /** Each file of the last prepared state, parsed. */
  private Map<String, Parsed<T>> byPath = new HashMap<>();

  /** What the last prepared state describes, in order; never changed once built. */
  private List<T> values = List.of();

  /** What files of a change in flight describe, by path: taken by the next preparation. */
  private final Map<String, Parsed<T>> known = new HashMap<>();

  private Future<?> preparing = Future.succeededFuture();
  private long preparations;

  /**
   * @param folderOf a context's folder, relative to the configuration folder
   * @param parser reads a file's text in a context
   */
  public FileIndex(
      Vertx vertx,
      Collection<String> contexts,
      Function<String, String> folderOf,
      BiFunction<String, String, Optional<T>> parser) {
    this.vertx = vertx;
    this.contexts = contexts.stream().sorted().toList();
    this.folderOf = folderOf;
    this.parser = parser;
  }

  /**
   * Prepares this index from the files {@code provisioner} holds now and after each of its changes,
   * which complete only once it is prepared. Call on the service's context.
   */
  public FileIndex<T> follow(Provisioner provisioner) {
    provisioner.whenChanged(() -> prepare(provisioner.applied()));
    prepare(provisioner.applied());
    return this;
  }

  /**
   * What the file at {@code path} describes once its text is {@code text} (the same String, not an
   * equal one): a writer that rendered the file from {@code value} says so, and the file is not
   * parsed back. Only for a text that parses to exactly {@code value}.
   */
  public void know(String path, String text, T value) {
    known.put(path, new Parsed<>(text, Optional.of(value)));
  }

  /**
   * Takes {@code applied} as the state to describe: the files not known already in their current
   * text are parsed on a worker; readers see the new state once that is done. Call on the service's
   * context.
   */
  public Future<List<T>> prepare(Map<String, String> applied) {
    long preparation = ++preparations;
    Map<String, Parsed<T>> next = new HashMap<>();
    List<String> order = new ArrayList<>();
    List<Due> due = new ArrayList<>();
    for (String context : contexts) {
      String folder = folderOf.apply(context) + "/";
      applied.forEach(
          (path, text) -> {
            if (!path.startsWith(folder)) {
              return;
            }
            order.add(path);
            Parsed<T> parsed = current(byPath.get(path), text);
            if (parsed == null) {
              parsed = current(known.get(path), text);
            }
            if (parsed == null) {
              due.add(new Due(path, text, context));
            } else {
              next.put(path, parsed);
            }
          });
    }
    known.clear();
    Future<List<T>> prepared =
        due.isEmpty()
            ? Future.succeededFuture(install(preparation, next, order))
            : vertx
                .executeBlocking(() -> parse(due), false)
                .map(
                    parsed -> {
                      next.putAll(parsed);
                      return install(preparation, next, order);
                    });
    preparing = prepared;
    return prepared;
  }

  /** {@code parsed} if it is of {@code text} (identity: an unchanged file is the same String). */
  private static <T> Parsed<T> current(Parsed<T> parsed, String text) {
    return parsed != null && parsed.text() == text ? parsed : null;
  }

  private Map<String, Parsed<T>> parse(List<Due> due) {
    Map<String, Parsed<T>> parsed = new HashMap<>();
    for (Due d : due) {
      parsed.put(d.path(), new Parsed<>(d.text(), parser.apply(d.text(), d.context())));
    }
    return parsed;
  }

  /**
   * The state of a preparation, made the readers' unless a later one started meanwhile; the same
   * List as before when none of the files changed (a change of other files).
   */
  private List<T> install(long preparation, Map<String, Parsed<T>> next, List<String> order) {
    if (unchanged(next)) {
      return values;
    }
    List<T> described = new ArrayList<>(order.size());
    for (String path : order) {
      next.get(path).value().ifPresent(described::add);
    }
    List<T> state = Collections.unmodifiableList(described);
    if (preparation == preparations) {
      byPath = next;
      values = state;
    }
    return state;
  }

  private boolean unchanged(Map<String, Parsed<T>> next) {
    if (next.size() != byPath.size()) {
      return false;
    }
    for (Map.Entry<String, Parsed<T>> file : next.entrySet()) {
      if (byPath.get(file.getKey()) != file.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Everything described in the last prepared state, by context in name order, then by path; never
   * parses. The same List while the state stays (an answer built from it can be kept).
   */
  public List<T> all() {
    return values;
  }

  /** {@link #all} once the preparation under way, if any, is done. */
  public Future<List<T>> ready() {
    Future<?> waiting = preparing;
    return waiting.isComplete() ? Future.succeededFuture(values) : waiting.transform(r -> ready());
  }
}
