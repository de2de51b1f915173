package io.switchboard.provisioning.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the files the nodes hold describe (users, conferences), parsed once per file version: a file
 * is parsed again only when its text changed. Confined to the service's context.
 *
 * @param <T> what one file describes
 */
public final class FileIndex<T> {
  private record Parsed<T>(String text, Optional<T> value) {}

  /** A file to parse: its path, its text and its context. */
  private record Due(String path, String text, String context) {}

  private final Collection<String> contexts;
  private final Function<String, String> folderOf;
  private final BiFunction<String, String, Optional<T>> parser;
  private final Map<String, Parsed<T>> byPath = new HashMap<>();

  /**
   * @param folderOf a context's folder, relative to the configuration folder
   * @param parser reads a file's text in a context
   */
  public FileIndex(
      Collection<String> contexts,
      Function<String, String> folderOf,
      BiFunction<String, String, Optional<T>> parser) {
    this.contexts = contexts.stream().sorted().toList();
    this.folderOf = folderOf;
    this.parser = parser;
  }

  /**
   * Parses on a worker the files of {@code applied} this index has not parsed in their current
   * text, so that the first call after a large change (10,000 users in one batch) does not parse
   * them all on the event loop. Call on the service's context; the parsed files join the index
   * there, unless their text changed again meanwhile.
   */
  public Future<Void> prepare(Vertx vertx, Map<String, String> applied) {
    List<Due> due = new ArrayList<>();
    for (String context : contexts) {
      String folder = folderOf.apply(context) + "/";
      applied.forEach(
          (path, text) -> {
            Parsed<T> parsed = byPath.get(path);
            if (path.startsWith(folder) && (parsed == null || parsed.text() != text)) {
              due.add(new Due(path, text, context));
            }
          });
    }
    if (due.isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(
            () -> {
              Map<String, Parsed<T>> parsed = new HashMap<>();
              for (Due d : due) {
                parsed.put(d.path(), new Parsed<>(d.text(), parser.apply(d.text(), d.context())));
              }
              return parsed;
            },
            false)
        .map(
            parsed -> {
              parsed.forEach(
                  (path, p) -> {
                    if (applied.get(path) == p.text()) {
                      byPath.put(path, p);
                    }
                  });
              return null;
            });
  }

  /** Everything described, by context in name order, then by path. */
  public List<T> all(Map<String, String> applied) {
    List<T> values = new ArrayList<>();
    Map<String, Parsed<T>> seen = new HashMap<>();
    for (String context : contexts) {
      String folder = folderOf.apply(context) + "/";
      for (Map.Entry<String, String> file : applied.entrySet()) {
        if (!file.getKey().startsWith(folder)) {
          continue;
        }
        Parsed<T> parsed = byPath.get(file.getKey());
        // Identity, not equality: an unchanged file is the same String the snapshot holds.
        if (parsed == null || parsed.text() != file.getValue()) {
          parsed = new Parsed<>(file.getValue(), parser.apply(file.getValue(), context));
        }
        seen.put(file.getKey(), parsed);
        parsed.value().ifPresent(values::add);
      }
    }
    byPath.clear();
    byPath.putAll(seen);
    return values;
  }
}
