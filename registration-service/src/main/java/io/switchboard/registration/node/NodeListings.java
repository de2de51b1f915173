package io.switchboard.registration.node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads FreeSWITCH's listings that a reconcile compares with what should be registered. */
public final class NodeListings {
  /** mod_conference.c conference_list_pretty's header line: {@code +OK Conference <name> (}. */
  private static final Pattern CONFERENCE = Pattern.compile("^\\+OK Conference (\\S+) \\(");

  /**
   * mod_sofia.c cmd_status (:2938-2980): one line per gateway, {@code <profile>::<name>}, a tab,
   * the gateway's data, a tab, its state.
   */
  private static final Pattern GATEWAY = Pattern.compile("^\\s*(\\S+)::(\\S+)\\t[^\\t]*\\t(\\S+)");

  private NodeListings() {}

  /** The conference names in a {@code conference list} reply. */
  public static Set<String> conferences(String reply) {
    Set<String> names = new HashSet<>();
    for (String line : reply.split("\n")) {
      Matcher m = CONFERENCE.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Gateway name to its state, from a {@code sofia status gateway} reply. */
  public static Map<String, String> gateways(String reply) {
    Map<String, String> states = new HashMap<>();
    for (String line : reply.split("\n")) {
      Matcher m = GATEWAY.matcher(line);
      if (m.find()) {
        states.put(m.group(2), m.group(3));
      }
    }
    return states;
  }
}
