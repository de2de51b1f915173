package io.switchboard.testkit.freeswitch;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code sofia} API of mod_sofia.c (sofia_function, :4464): {@code profile <p> ...}
 * (cmd_profile, :3550) for rescan, startgw, killgw, register and unregister, and {@code status
 * gateway [<name>]} (cmd_status, :2927), with FreeSWITCH's reply texts.
 */
final class SofiaApi {
  /** sofia_function's usage_string (mod_sofia.c:4472). */
  static final String USAGE =
      "USAGE:\n"
          + "--------------------------------------------------------------------------------\n"
          + "sofia global siptrace <on|off>\n"
          + "sofia        capture  <on|off>\n"
          + "             watchdog <on|off>\n\n"
          + "sofia profile <name> [start | stop | restart | rescan] [wait]\n"
          + "                     flush_inbound_reg [<call_id> | <[user]@domain>] [reboot]\n"
          + "                     check_sync [<call_id> | <[user]@domain>]\n"
          + "                     [register | unregister] [<gateway name> | all]\n"
          + "                     killgw <gateway name>\n"
          + "                     [stun-auto-disable | stun-enabled] [true | false]]\n"
          + "                     siptrace <on|off>\n"
          + "                     capture  <on|off>\n"
          + "                     watchdog <on|off>\n\n"
          + "sofia <status|xmlstatus> profile <name> [reg [<contact str>]] | [pres <pres str>] | [user <user@domain>]\n"
          + "sofia <status|xmlstatus> gateway <name>\n\n"
          + "sofia loglevel <all|default|tport|iptsec|nea|nta|nth_client|nth_server|nua|soa|sresolv|stun> [0-9]\n"
          + "sofia tracelevel <console|alert|crit|err|warning|notice|info|debug>\n\n"
          + "sofia help\n"
          + "--------------------------------------------------------------------------------\n";

  private static final String LINE =
      "=================================================================================================";

  private final SofiaProfiles sofia;
  private final XmlConfiguration xml;

  SofiaApi(SofiaProfiles sofia, XmlConfiguration xml) {
    this.sofia = sofia;
    this.xml = xml;
  }

  /** {@code reloadXml} reloads the configuration and answers "Success" or the error. */
  String execute(String args, Supplier<String> reloadXml) {
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split(" +");
    if (argv.length == 0 || argv[0].equalsIgnoreCase("help")) {
      return USAGE;
    }
    String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
    if (argv[0].equalsIgnoreCase("profile")) {
      return profile(rest, reloadXml);
    }
    if (argv[0].equalsIgnoreCase("status")) {
      return status(rest);
    }
    return "Unknown Command [" + argv[0] + "]\n";
  }

  /** cmd_profile (mod_sofia.c:3550). */
  private String profile(String[] argv, Supplier<String> reloadXml) {
    if (argv.length < 2) {
      return "Invalid Args!\n";
    }
    String profile = argv[0];
    if (!xml.profiles().contains(profile)) {
      return "Invalid Profile [" + profile + "]";
    }
    String sub = argv[1].toLowerCase(Locale.ROOT);
    String gw = argv.length > 2 ? argv[2] : null;
    switch (sub) {
      case "rescan":
        {
          String err = reloadXml.get();
          sofia.scan(profile);
          return "Reload XML [" + err + "]\n+OK scan complete\n";
        }
      case "startgw":
        {
          if (gw == null) {
            return "-ERR missing gw name\n";
          }
          // config_gateway (sofia.c:4418) answers success whether or not the gateway was found;
          // _all_ starts every gateway of the profile.
          String err = reloadXml.get();
          sofia.scan(profile, gw.equals("_all_") ? null : gw);
          return "Reload XML [" + err + "]\n+OK start gateway " + gw + " complete\n";
        }
      case "killgw":
        {
          if (gw == null) {
            return "-ERR missing gw name\n";
          }
          if (gw.equalsIgnoreCase("_all_")) {
            sofia.all().stream().filter(g -> g.profile().equals(profile)).forEach(sofia::delete);
            return "+OK every gateway marked for deletion.\n";
          }
          SofiaProfiles.Gateway doomed = sofia.find(gw);
          if (doomed == null) {
            return "-ERR no such gateway.\n";
          }
          sofia.delete(doomed);
          return "+OK gateway marked for deletion.\n";
        }
      case "register":
      case "unregister":
        return registration(profile, sub, gw);
      default:
        return "-ERR Unknown command!\n";
    }
  }

  /** mod_sofia.c:3691-3755: {@code all} or one gateway, NOREG ones refused. */
  private String registration(String profile, String sub, String gw) {
    boolean register = sub.equals("register");
    if (gw == null) {
      return "No gateway name provided!\n";
    }
    if (gw.equalsIgnoreCase("all")) {
      sofia.all().stream()
          .filter(g -> g.profile().equals(profile) && !g.state.equals("NOREG"))
          .forEach(
              g -> {
                if (register) {
                  sofia.register(g);
                } else {
                  sofia.unregister(g);
                }
              });
      return "+OK\n";
    }
    SofiaProfiles.Gateway gateway = sofia.find(gw);
    if (gateway == null) {
      return "Invalid gateway!\n";
    }
    if (gateway.state.equals("NOREG")) {
      return "-ERR NOREG gateway [" + gw + "] can't be " + sub + "ed!\n";
    }
    if (register) {
      sofia.register(gateway);
    } else {
      sofia.unregister(gateway);
    }
    return "+OK\n";
  }

  /** cmd_status, the gateway forms (mod_sofia.c:2938-3025). */
  private String status(String[] argv) {
    if (argv.length == 0 || !argv[0].equalsIgnoreCase("gateway")) {
      // Profile listings are not simulated; the usage text at least says what exists.
      return USAGE;
    }
    return argv.length == 1 ? gatewaySummary() : gatewayDetail(argv[1]);
  }

  private String gatewaySummary() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%25s\t%32s\t%s\t%9s\t%s\t%s\n",
            "Profile::Gateway-Name",
            "    Data    ",
            "State",
            "Ping Time",
            "IB Calls(F/T)",
            "OB Calls(F/T)"));
    out.append(LINE).append('\n');
    long now = sofia.now();
    int count = 0;
    for (SofiaProfiles.Gateway g : sofia.all()) {
      count++;
      out.append(
          String.format(
              Locale.ROOT,
              "%25s\t%32s\t%s\t%6.2f\t%d/%d\t%d/%d",
              g.profile() + "::" + g.name(),
              g.def.to(),
              g.state,
              0.0,
              0,
              0,
              0,
              0));
      if (g.state.equals("FAILED") || g.state.equals("FAIL_WAIT") || g.state.equals("TRYING")) {
        // mod_sofia.c:2972 prints reg_timeout here, not the retry time its label suggests.
        out.append(
            g.regTimeout >= now ? " (retry: " + (g.regTimeout - now) + "s)" : " (retry: NEVER)");
      }
      out.append('\n');
    }
    out.append(LINE).append('\n');
    out.append(count)
        .append(" gateway")
        .append(count == 1 ? "" : "s")
        .append(": Inbound(Failed/Total): 0/0,Outbound(Failed/Total):0/0\n");
    return out.toString();
  }

  private String gatewayDetail(String name) {
    SofiaProfiles.Gateway g = sofia.find(name);
    if (g == null) {
      return "Invalid Gateway!\n";
    }
    GatewayDefinition d = g.def;
    long uptime = g.up ? (System.currentTimeMillis() - g.uptimeMillis) / 1000 : 0;
    StringBuilder out = new StringBuilder(LINE).append('\n');
    row(out, "Name    ", d.name());
    row(out, "Profile ", d.profile());
    row(out, "Scheme  ", d.scheme());
    row(out, "Realm   ", d.realm());
    row(out, "Username", d.username());
    row(out, "Password", d.password().isEmpty() ? "no" : "yes");
    row(out, "From    ", d.from());
    row(out, "Contact ", g.contact);
    row(out, "Exten   ", d.extension());
    row(out, "To      ", d.to());
    row(
        out,
        "Proxy   ",
        d.proxy().regionMatches(true, 0, "sip:", 0, 4) ? d.proxy() : "sip:" + d.proxy());
    row(out, "Context ", d.context());
    row(out, "Expires ", d.expiresHeader());
    row(out, "Freq    ", d.freq());
    row(out, "Ping    ", "0");
    row(out, "PingFreq", "0");
    row(out, "PingTime", "0.00");
    row(out, "PingState", "0/0/0");
    row(out, "State   ", g.state);
    row(out, "Status  ", g.up ? "UP" : "DOWN");
    row(out, "Uptime  ", uptime + "s");
    row(out, "CallsIN ", "0");
    row(out, "CallsOUT", "0");
    row(out, "FailedCallsIN", "0");
    row(out, "FailedCallsOUT", "0");
    return out.append(LINE).append('\n').toString();
  }

  private static void row(StringBuilder out, String label, Object value) {
    out.append(label).append('\t').append(value).append('\n');
  }
}
