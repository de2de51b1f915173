package io.switchboard.provisioning.users;

import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.provisioning.folder.UserXml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users in the files the nodes hold, parsed once per file version: a file is parsed again only
 * when its text changed. Confined to the service's context.
 */
public final class UserIndex {
  private record Parsed(String text, Optional<DirectoryUser> user) {}

  private final Layout layout;
  private final Map<String, Parsed> byPath = new HashMap<>();

  public UserIndex(Layout layout) {
    this.layout = layout;
  }

  /** Every user, by context in the layout's order, then by path. */
  public List<DirectoryUser> users(Map<String, String> applied) {
    List<DirectoryUser> users = new ArrayList<>();
    Map<String, Parsed> seen = new HashMap<>();
    for (String context : layout.contexts().stream().sorted().toList()) {
      String folder = layout.usersOf(context) + "/";
      for (Map.Entry<String, String> file : applied.entrySet()) {
        if (!file.getKey().startsWith(folder)) {
          continue;
        }
        Parsed parsed = byPath.get(file.getKey());
        // Identity, not equality: an unchanged file is the same String the snapshot holds.
        if (parsed == null || parsed.text() != file.getValue()) {
          parsed = new Parsed(file.getValue(), UserXml.parse(file.getValue(), context));
        }
        seen.put(file.getKey(), parsed);
        parsed.user().ifPresent(users::add);
      }
    }
    byPath.clear();
    byPath.putAll(seen);
    return users;
  }
}
