package io.switchboard.provisioning.apply;

import io.switchboard.bus.CommandResult;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.provisioning.node.NodeCommands;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node has loaded, asked with {@code xml_locate} (mod_commands.c:1825): the users of each
 * context's domain and the extensions of each context. Compared with the files the nodes should
 * hold, it names the managed files whose user or extension the node lacks. A domain or context
 * whose files add up to more than the gateways return in one reply is not asked for: the reply
 * would be cut, say nothing, and cost each node a reply of megabytes after every reload (7.4 MB for
 * 10,000 users).
 */
final class LoadedState {
  private static final Pattern USER_ID = Pattern.compile("<user id=\"([^\"]+)\"");
  private static final Pattern EXTENSION_NUMBER = Pattern.compile("expression=\"\\^([0-9]+)\\$\"");

  private final NodeCommands commands;
  private final Layout layout;
  private final long maxReplyBytes;

  LoadedState(NodeCommands commands, Layout layout, long maxReplyBytes) {
    this.commands = commands;
    this.layout = layout;
    this.maxReplyBytes = maxReplyBytes;
  }

  /**
   * The managed files of {@code applied} whose user or extension {@code node} has not loaded; empty
   * when the node could not tell (no answer, or a reply cut to fit the bus).
   */
  Future<Optional<Set<String>>> missing(String node, Map<String, String> applied) {
    List<Future<Optional<Set<String>>>> checks = new ArrayList<>();
    for (String context : layout.contexts()) {
      checks.add(
          check(
              node,
              "xml_locate directory domain name " + context,
              USER_ID,
              layout.usersOf(context),
              applied));
      checks.add(
          check(
              node,
              "xml_locate dialplan context name " + context,
              EXTENSION_NUMBER,
              layout.conferencesOf(context),
              applied));
    }
    return Future.all(checks)
        .map(
            all -> {
              Set<String> missing = new HashSet<>();
              for (Future<Optional<Set<String>>> check : checks) {
                if (check.result().isEmpty()) {
                  return Optional.<Set<String>>empty();
                }
                missing.addAll(check.result().get());
              }
              return Optional.of(missing);
            })
        .otherwise(Optional.empty());
  }

  private Future<Optional<Set<String>>> check(
      String node, String command, Pattern loadedKey, String folder, Map<String, String> applied) {
    String prefix = folder + "/";
    long expected = 0;
    for (Map.Entry<String, String> file : applied.entrySet()) {
      if (file.getKey().startsWith(prefix)) {
        expected += file.getValue().length();
      }
    }
    if (expected > maxReplyBytes) {
      return Future.succeededFuture(Optional.empty());
    }
    return commands
        .api(node, command)
        .map(
            result -> {
              if (result.status() != CommandResult.Status.OK || result.replyBytes() != null) {
                return Optional.<Set<String>>empty();
              }
              Set<String> loaded = new HashSet<>();
              Matcher m = loadedKey.matcher(result.reply() == null ? "" : result.reply());
              while (m.find()) {
                loaded.add(m.group(1));
              }
              Set<String> missing = new HashSet<>();
              for (String path : applied.keySet()) {
                if (path.startsWith(prefix)
                    && !loaded.contains(
                        path.substring(prefix.length(), path.length() - ".xml".length()))) {
                  missing.add(path);
                }
              }
              return Optional.of(missing);
            });
  }
}
