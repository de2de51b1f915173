package io.switchboard.provisioning.users;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.folder.DirectoryUser;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.folder.Layout;
import io.switchboard.provisioning.folder.UserXml;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Plans a batch of user additions, modifications or deletions against the files the nodes hold, as
 * the connector's users/add, users/mod and users/del did: each item is done or fails with a reason,
 * and all that are done become one change (one reloadxml per node). Items are already valid against
 * the API's schemas; what is checked here needs the state (names taken, ids known, free numbers).
 */
public final class UserBatch implements Provisioner.Plan {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final Layout layout;
  private final NumberPlan numbers;
  private final Map<String, DirectoryUser> byId = new LinkedHashMap<>();
  private final Map<String, String> idByName = new HashMap<>();
  private final Map<String, FileChange> changes = new LinkedHashMap<>();
  private final Map<String, String> applied;
  private final List<DirectoryUser> done = new ArrayList<>();
  private final List<ItemFailure> failed = new ArrayList<>();

  public UserBatch(
      Layout layout,
      Map<String, ContextRange> ranges,
      List<DirectoryUser> users,
      Map<String, String> applied) {
    this.layout = layout;
    this.applied = applied;
    this.numbers = new NumberPlan(layout, ranges, applied);
    for (DirectoryUser user : users) {
      byId.put(user.id(), user);
      idByName.put(user.name(), user.id());
    }
  }

  public UserBatch add(List<JsonObject> items) {
    for (JsonObject item : items) {
      String name = item.getString("name");
      if (idByName.containsKey(name)) {
        failed.add(new ItemFailure(item, "name: '" + name + "' is taken", true));
        continue;
      }
      String context = item.getString("context");
      if (!numbers.knows(context)) {
        failed.add(new ItemFailure(item, "context: no context '" + context + "'", false));
        continue;
      }
      OptionalLong number = numbers.take(context);
      if (number.isEmpty()) {
        failed.add(
            new ItemFailure(item, "context: the number range of '" + context + "' is full", true));
        continue;
      }
      put(
          null,
          new DirectoryUser(
              Long.toString(number.getAsLong()),
              context,
              item.getString("password", newPassword()),
              item.getString("conpin", newPin()),
              name,
              item.getString("email"),
              item.getString("polymac", DirectoryUser.NO_PHONE)));
    }
    return this;
  }

  /**
   * As the connector: fields not given keep their value, except the password (a new one) and the
   * polymac ({@code none}); a new context means a new number.
   */
  public UserBatch mod(List<JsonObject> items) {
    for (JsonObject item : items) {
      DirectoryUser old = byId.get(item.getString("id"));
      if (old == null) {
        failed.add(new ItemFailure(item, "id: no user '" + item.getString("id") + "'", false));
        continue;
      }
      String name = item.getString("name", old.name());
      String holder = idByName.get(name);
      if (holder != null && !holder.equals(old.id())) {
        failed.add(new ItemFailure(item, "name: '" + name + "' is taken", true));
        continue;
      }
      String context = item.getString("context", old.context());
      if (!numbers.knows(context)) {
        failed.add(new ItemFailure(item, "context: no context '" + context + "'", false));
        continue;
      }
      String id = old.id();
      if (!context.equals(old.context())) {
        OptionalLong number = numbers.take(context);
        if (number.isEmpty()) {
          failed.add(
              new ItemFailure(
                  item, "context: the number range of '" + context + "' is full", true));
          continue;
        }
        id = Long.toString(number.getAsLong());
      }
      put(
          old,
          new DirectoryUser(
              id,
              context,
              item.getString("password", newPassword()),
              item.getString("conpin", old.conpin()),
              name,
              item.getString("email", old.email()),
              item.getString("polymac", DirectoryUser.NO_PHONE)));
    }
    return this;
  }

  /**
   * Writes every user's file again in the service's own form (the connector's users/rebuild): a
   * hand-written file becomes the rendered one; an unchanged file is no change.
   */
  public UserBatch rebuild(List<JsonObject> ignored) {
    for (DirectoryUser user : List.copyOf(byId.values())) {
      String path = layout.userFile(user.context(), user.id());
      changes.put(path, new FileChange(path, applied.get(path), UserXml.render(user)));
      done.add(user);
    }
    return this;
  }

  public UserBatch del(List<JsonObject> items) {
    for (JsonObject item : items) {
      DirectoryUser old = byId.get(item.getString("id"));
      if (old == null) {
        failed.add(new ItemFailure(item, "id: no user '" + item.getString("id") + "'", false));
        continue;
      }
      remove(old);
      done.add(old);
    }
    return this;
  }

  private void put(DirectoryUser old, DirectoryUser user) {
    if (old != null) {
      remove(old);
    }
    numbers.hold(user.id());
    String path = layout.userFile(user.context(), user.id());
    changes.put(path, new FileChange(path, applied.get(path), UserXml.render(user)));
    byId.put(user.id(), user);
    idByName.put(user.name(), user.id());
    done.add(user);
  }

  private void remove(DirectoryUser old) {
    String path = layout.userFile(old.context(), old.id());
    changes.put(path, new FileChange(path, applied.get(path), null));
    byId.remove(old.id());
    idByName.remove(old.name());
    numbers.free(old.context(), old.id());
  }

  private static String newPassword() {
    StringBuilder out = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      out.append(PASSWORD_CHARS.charAt(RANDOM.nextInt(PASSWORD_CHARS.length())));
    }
    return out.toString();
  }

  private static String newPin() {
    return String.format("%04d", RANDOM.nextInt(10_000));
  }

  @Override
  public List<FileChange> changes() {
    return changes.values().stream().filter(c -> !Objects.equals(c.before(), c.after())).toList();
  }

  public List<DirectoryUser> done() {
    return done;
  }

  public List<ItemFailure> failed() {
    return failed;
  }
}
