package io.switchboard.testkit.freeswitch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one listener receives, with mod_event_socket.c's semantics: parse_command's "event",
 * "nixevent", "noevents" and "filter", and event_handler's decision whether to queue an event.
 */
final class Subscription {
  /** switch_event.c EVENT_NAMES: the names switch_name_event accepts. */
  static final Set<String> EVENT_NAMES =
      Set.of(
          "CUSTOM",
          "CLONE",
          "CHANNEL_CREATE",
          "CHANNEL_DESTROY",
          "CHANNEL_STATE",
          "CHANNEL_CALLSTATE",
          "CHANNEL_ANSWER",
          "CHANNEL_HANGUP",
          "CHANNEL_HANGUP_COMPLETE",
          "CHANNEL_EXECUTE",
          "CHANNEL_EXECUTE_COMPLETE",
          "CHANNEL_HOLD",
          "CHANNEL_UNHOLD",
          "CHANNEL_BRIDGE",
          "CHANNEL_UNBRIDGE",
          "CHANNEL_PROGRESS",
          "CHANNEL_PROGRESS_MEDIA",
          "CHANNEL_OUTGOING",
          "CHANNEL_PARK",
          "CHANNEL_UNPARK",
          "CHANNEL_APPLICATION",
          "CHANNEL_ORIGINATE",
          "CHANNEL_UUID",
          "API",
          "LOG",
          "INBOUND_CHAN",
          "OUTBOUND_CHAN",
          "STARTUP",
          "SHUTDOWN",
          "PUBLISH",
          "UNPUBLISH",
          "TALK",
          "NOTALK",
          "SESSION_CRASH",
          "MODULE_LOAD",
          "MODULE_UNLOAD",
          "DTMF",
          "MESSAGE",
          "PRESENCE_IN",
          "NOTIFY_IN",
          "PRESENCE_OUT",
          "PRESENCE_PROBE",
          "MESSAGE_WAITING",
          "MESSAGE_QUERY",
          "ROSTER",
          "CODEC",
          "BACKGROUND_JOB",
          "DETECTED_SPEECH",
          "DETECTED_TONE",
          "PRIVATE_COMMAND",
          "HEARTBEAT",
          "TRAP",
          "ADD_SCHEDULE",
          "DEL_SCHEDULE",
          "EXE_SCHEDULE",
          "RE_SCHEDULE",
          "RELOADXML",
          "NOTIFY",
          "PHONE_FEATURE",
          "PHONE_FEATURE_SUBSCRIBE",
          "SEND_MESSAGE",
          "RECV_MESSAGE",
          "REQUEST_PARAMS",
          "CHANNEL_DATA",
          "GENERAL",
          "COMMAND",
          "SESSION_HEARTBEAT",
          "CLIENT_DISCONNECTED",
          "SERVER_DISCONNECTED",
          "SEND_INFO",
          "RECV_INFO",
          "RECV_RTCP_MESSAGE",
          "SEND_RTCP_MESSAGE",
          "CALL_SECURE",
          "NAT",
          "RECORD_START",
          "RECORD_STOP",
          "PLAYBACK_START",
          "PLAYBACK_STOP",
          "CALL_UPDATE",
          "FAILURE",
          "SOCKET_DATA",
          "MEDIA_BUG_START",
          "MEDIA_BUG_STOP",
          "CONFERENCE_DATA_QUERY",
          "CONFERENCE_DATA",
          "CALL_SETUP_REQ",
          "CALL_SETUP_RESULT",
          "CALL_DETAIL",
          "DEVICE_STATE",
          "TEXT",
          "SHUTDOWN_REQUESTED",
          "CERT_RELOAD",
          "ALL");

  private record Filter(String header, String value) {}

  private EventFormat format = EventFormat.PLAIN;
  private boolean enabled;
  private boolean all;
  private final Set<String> events = new LinkedHashSet<>();
  private final Set<String> subclasses = new LinkedHashSet<>();
  private final List<Filter> filters = new ArrayList<>();

  EventFormat format() {
    return format;
  }

  /** Whether header filters apply: then whether an event is wanted depends on its values. */
  boolean filtered() {
    return !filters.isEmpty();
  }

  /** {@code event [plain|json|xml] NAME ... [CUSTOM subclass ...]}; returns the reply text. */
  String event(String args) {
    int keys = 0;
    boolean custom = false;
    String[] words = args.isEmpty() ? new String[0] : args.split(" ");
    for (int i = 0; i < words.length; i++) {
      String word = words[i];
      if (word.isEmpty()) {
        continue;
      }
      if (i == 0) {
        switch (word.toLowerCase(Locale.ROOT)) {
          case "plain" -> {
            format = EventFormat.PLAIN;
            continue;
          }
          case "json" -> {
            format = EventFormat.JSON;
            continue;
          }
          case "xml" -> {
            format = EventFormat.XML;
            continue;
          }
          default -> {}
        }
      }
      if (custom) {
        subclasses.add(word);
      } else if (EVENT_NAMES.contains(word.toUpperCase(Locale.ROOT))) {
        String name = word.toUpperCase(Locale.ROOT);
        keys++;
        if (name.equals("ALL")) {
          all = true;
        } else {
          events.add(name);
        }
        if (name.equals("CUSTOM")) {
          custom = true;
        }
      }
    }
    if (keys == 0) {
      return "-ERR no keywords supplied";
    }
    enabled = true;
    return "+OK event listener enabled " + format.keyword();
  }

  /** {@code nixevent NAME ... [CUSTOM subclass ...]}. */
  String nixevent(String args) {
    int keys = 0;
    boolean custom = false;
    for (String word : args.isEmpty() ? new String[0] : args.split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      if (custom) {
        subclasses.remove(word);
      } else if (EVENT_NAMES.contains(word.toUpperCase(Locale.ROOT))) {
        String name = word.toUpperCase(Locale.ROOT);
        keys++;
        if (name.equals("CUSTOM")) {
          custom = true;
        } else if (name.equals("ALL")) {
          all = false;
          events.clear();
        } else {
          if (all) {
            // Nixing one event out of ALL leaves every other one subscribed.
            all = false;
            EVENT_NAMES.stream().filter(n -> !n.equals("ALL")).forEach(events::add);
          }
          events.remove(name);
        }
      }
    }
    if (keys == 0) {
      return "-ERR no keywords supplied";
    }
    enabled = true;
    return "+OK events nixed";
  }

  String noevents() {
    if (!enabled) {
      return "-ERR not listening for events";
    }
    enabled = false;
    all = false;
    events.clear();
    subclasses.clear();
    return "+OK no longer listening for events";
  }

  /** {@code filter [add] <header> <value>}, {@code filter delete <header> [<value>]|all}. */
  String filter(String args) {
    String rest = args.replaceFirst("^ +", "");
    int space = rest.indexOf(' ');
    String header = space < 0 ? rest : rest.substring(0, space);
    String value = space < 0 ? null : rest.substring(space + 1);
    if (header.equalsIgnoreCase("delete") && value != null) {
      int s2 = value.indexOf(' ');
      String name = s2 < 0 ? value : value.substring(0, s2);
      String val = s2 < 0 ? null : value.substring(s2 + 1);
      if (name.equalsIgnoreCase("all")) {
        filters.clear();
      } else {
        filters.removeIf(
            f -> f.header().equalsIgnoreCase(name) && (val == null || f.value().equals(val)));
      }
      return "+OK filter deleted. [" + name + "][" + (val == null ? "" : val) + "]";
    }
    if (value == null) {
      return "-ERR invalid syntax";
    }
    if (header.equalsIgnoreCase("add")) {
      int s2 = value.indexOf(' ');
      header = s2 < 0 ? value : value.substring(0, s2);
      value = s2 < 0 ? null : value.substring(s2 + 1);
    }
    filters.add(new Filter(header, value == null ? "" : value));
    return "+OK filter added. [" + header + "]=[" + value + "]";
  }

  /** event_handler: whether this listener gets the event. */
  boolean wants(SimEvent event) {
    if (!enabled) {
      return false;
    }
    boolean send =
        all
            || (events.contains(event.name())
                && (!"CUSTOM".equals(event.name())
                    || event.subclass() == null
                    || subclasses.contains(event.subclass())));
    if (!send || filters.isEmpty()) {
      return send;
    }
    send = false;
    for (Filter f : filters) {
      String value = event.header(f.header());
      if (value == null) {
        continue;
      }
      String compareTo = f.value();
      boolean positive = true;
      int i = 0;
      while (i < compareTo.length()) {
        char c = compareTo.charAt(i);
        if (c == '+') {
          positive = true;
        } else if (c == '-') {
          positive = false;
        } else if (c != ' ') {
          break;
        }
        i++;
      }
      if (send && positive) {
        continue;
      }
      String target = compareTo.substring(i);
      boolean match;
      if (f.value().startsWith("/")) {
        match = regexMatches(target, value);
      } else {
        match = value.equalsIgnoreCase(target);
      }
      if (match) {
        if (positive) {
          send = true;
        } else {
          send = false;
          break;
        }
      }
    }
    return send;
  }

  private static boolean regexMatches(String expression, String value) {
    String regex = expression.startsWith("/") ? expression.substring(1) : expression;
    if (regex.endsWith("/")) {
      regex = regex.substring(0, regex.length() - 1);
    }
    try {
      return Pattern.compile(regex).matcher(value).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  /** The subscription as words, for tests and the gateway's fs_list comparisons. */
  List<String> describe() {
    List<String> words = new ArrayList<>();
    if (all) {
      words.add("ALL");
    }
    words.addAll(events);
    subclasses.forEach(s -> words.add("CUSTOM " + s));
    return words;
  }
}
