package io.switchboard.provisioning.users;

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
