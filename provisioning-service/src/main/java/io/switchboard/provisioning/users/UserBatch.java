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
  private final Map<String, DirectoryUser> written = new HashMap<>();
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
      write(user);
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
    write(user);
    byId.put(user.id(), user);
    idByName.put(user.name(), user.id());
    done.add(user);
  }

  private void write(DirectoryUser user) {
    String path = layout.userFile(user.context(), user.id());
    changes.put(path, new FileChange(path, applied.get(path), UserXml.render(user)));
    written.put(path, user);
  }

  private void remove(DirectoryUser old) {
    String path = layout.userFile(old.context(), old.id());
    changes.put(path, new FileChange(path, applied.get(path), null));
    written.remove(path);
    byId.remove(old.id());
    idByName.remove(old.name());
    numbers.free(old.context(), old.id());
  }

  /**
   * Tells {@code index} the user each file of this batch was rendered from, so that 10,000 files
   * just written are not parsed back; a user whose file would read back otherwise is left to the
   * parser.
   */
  public void describeTo(FileIndex<DirectoryUser> index) {
    for (FileChange change : changes()) {
      DirectoryUser user = written.get(change.path());
      if (user != null && change.after() != null && UserXml.readsBack(user)) {
        index.know(change.path(), change.after(), user);
      }
    }
  }

  /**
   * 16 characters drawn evenly from {@link #PASSWORD_CHARS}, from few calls of the shared
   * SecureRandom (one call per character cost a third of a second per 10,000 users).
   */
  private static String newPassword() {
    char[] out = new char[16];
    int filled = 0;
    byte[] bytes = new byte[24];
    // The largest multiple of the alphabet's size within a byte: above it, a byte would favour
    // the first characters.
    int limit = 256 - 256 % PASSWORD_CHARS.length();
    while (filled < out.length) {
      RANDOM.nextBytes(bytes);
      for (int i = 0; i < bytes.length && filled < out.length; i++) {
        int b = bytes[i] & 0xff;
        if (b < limit) {
          out[filled++] = PASSWORD_CHARS.charAt(b % PASSWORD_CHARS.length());
        }
      }
    }
    return new String(out);
  }

  private static String newPin() {
    String digits = Integer.toString(RANDOM.nextInt(10_000));
    return "0".repeat(4 - digits.length()) + digits;
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
