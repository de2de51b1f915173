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
  private static final Pattern GATEWAY =
      Pattern.compile("^\\s*(\\S+)::(\\S+)\\t([^\\t]*)\\t(\\S+)");

  /** The data column is register_to, {@code sip:<username>@<proxy>}; ours start with the expiry. */
  private static final Pattern EXPIRY = Pattern.compile("sip:(\\d{1,12}):[^@]*@");

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
        states.put(m.group(2), m.group(4));
      }
    }
    return states;
  }

  /**
   * Gateway name to the expiry (epoch seconds) of the credentials FreeSWITCH runs it with, from the
   * auth_ephemeral username in a {@code sofia status gateway} line's data column; gateways without
   * one are left out.
   */
  public static Map<String, Long> credentialExpiries(String reply) {
    Map<String, Long> expiries = new HashMap<>();
    for (String line : reply.split("\n")) {
      Matcher m = GATEWAY.matcher(line);
      Matcher e = m.find() ? EXPIRY.matcher(m.group(3)) : null;
      if (e != null && e.find()) {
        expiries.put(m.group(2), Long.parseLong(e.group(1)));
      }
    }
    return expiries;
  }
}
