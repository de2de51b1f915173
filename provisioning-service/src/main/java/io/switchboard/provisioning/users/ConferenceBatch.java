package io.switchboard.provisioning.users;

import io.switchboard.provisioning.ContextRange;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.folder.Conference;
import io.switchboard.provisioning.folder.ConferenceXml;
import io.switchboard.provisioning.folder.FileChange;
import io.switchboard.provisioning.folder.Layout;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Plans a batch of conference additions, modifications or deletions, as the connector's
 * conferences/add, /mod and /del did: a name is unique, a type is a profile of conference.conf.xml,
 * a conference keeps its number unless its context changes. All that are done become one change.
 */
public final class ConferenceBatch implements Provisioner.Plan {
  private final Layout layout;
  private final NumberPlan numbers;
  private final Set<String> profiles;
  private final Map<String, String> applied;
  private final Map<String, Conference> byNum = new LinkedHashMap<>();
  private final Map<String, String> numByName = new HashMap<>();
  private final Map<String, FileChange> changes = new LinkedHashMap<>();
  private final List<Conference> done = new ArrayList<>();
  private final List<ItemFailure> failed = new ArrayList<>();

  public ConferenceBatch(
      Layout layout,
      Map<String, ContextRange> ranges,
      Set<String> profiles,
      List<Conference> conferences,
      Map<String, String> applied) {
    this.layout = layout;
    this.profiles = profiles;
    this.applied = applied;
    this.numbers = new NumberPlan(layout, ranges, applied);
    for (Conference conference : conferences) {
      byNum.put(conference.num(), conference);
      numByName.put(conference.name(), conference.num());
    }
  }

  public ConferenceBatch add(List<JsonObject> items) {
    for (JsonObject item : items) {
      String problem = problem(item, null);
      if (problem != null) {
        continue;
      }
      String context = item.getString("context");
      OptionalLong number = numbers.take(context);
      if (number.isEmpty()) {
        fail(item, "context: the number range of '" + context + "' is full", true);
        continue;
      }
      put(
          null,
          new Conference(
              Long.toString(number.getAsLong()),
              item.getString("name"),
              item.getString("type"),
              context));
    }
    return this;
  }

  public ConferenceBatch mod(List<JsonObject> items) {
    for (JsonObject item : items) {
      Conference old = byNum.get(item.getString("num"));
      if (old == null) {
        fail(item, "num: no conference '" + item.getString("num") + "'", false);
        continue;
      }
      JsonObject merged =
          new JsonObject()
              .put("name", item.getString("name", old.name()))
              .put("type", item.getString("type", old.type()))
              .put("context", item.getString("context", old.context()));
      if (problem(merged, old) != null) {
        continue;
      }
      String num = old.num();
      if (!merged.getString("context").equals(old.context())) {
        OptionalLong number = numbers.take(merged.getString("context"));
        if (number.isEmpty()) {
          fail(
              item,
              "context: the number range of '" + merged.getString("context") + "' is full",
              true);
          continue;
        }
        num = Long.toString(number.getAsLong());
      }
      put(
          old,
          new Conference(
              num,
              merged.getString("name"),
              merged.getString("type"),
              merged.getString("context")));
    }
    return this;
  }

  public ConferenceBatch del(List<JsonObject> items) {
    for (JsonObject item : items) {
      Conference old = byNum.get(item.getString("num"));
      if (old == null) {
        fail(item, "num: no conference '" + item.getString("num") + "'", false);
        continue;
      }
      remove(old);
      done.add(old);
    }
    return this;
  }

  /** Records and returns why {@code item} cannot be done; null when it can. */
  private String problem(JsonObject item, Conference old) {
    String name = item.getString("name");
    String holder = numByName.get(name);
    String context = item.getString("context");
    String why = null;
    boolean conflict = false;
    if (holder != null && (old == null || !holder.equals(old.num()))) {
      why = "name: '" + name + "' is taken";
      conflict = true;
    } else if (!numbers.knows(context)) {
      why = "context: no context '" + context + "'";
    } else if (!profiles.contains(item.getString("type"))) {
      why = "type: no conference profile '" + item.getString("type") + "' in conference.conf.xml";
    }
    if (why != null) {
      fail(item, why, conflict);
    }
    return why;
  }

  private void fail(JsonObject item, String why, boolean conflict) {
    failed.add(new ItemFailure(item, why, conflict));
  }

  private void put(Conference old, Conference conference) {
    if (old != null) {
      remove(old);
    }
    numbers.hold(conference.num());
    String path = layout.conferenceFile(conference.context(), conference.num());
    changes.put(path, new FileChange(path, applied.get(path), ConferenceXml.render(conference)));
    byNum.put(conference.num(), conference);
    numByName.put(conference.name(), conference.num());
    done.add(conference);
  }

  private void remove(Conference old) {
    String path = layout.conferenceFile(old.context(), old.num());
    changes.put(path, new FileChange(path, applied.get(path), null));
    byNum.remove(old.num());
    numByName.remove(old.name());
    numbers.free(old.context(), old.num());
  }

  @Override
  public List<FileChange> changes() {
    return changes.values().stream().filter(c -> !Objects.equals(c.before(), c.after())).toList();
  }

  public List<Conference> done() {
    return done;
  }

  public List<ItemFailure> failed() {
    return failed;
  }
}
