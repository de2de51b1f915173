package io.switchboard.testkit.freeswitch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The API commands the simulator implements (mod_commands.c, mod_conference, mod_sofia), run by
 * {@code api} and {@code bgapi}. Anything else answers as switch_api_execute's caller does for an
 * unknown command: {@code -ERR <cmd> Command not found!}. {@code system} and {@code bg_system} are
 * recognised but never run anything: the simulator only records them.
 */
final class ApiCommands {
  /**
   * The commands of {@link #execute} that reload the configuration (reloadxml; sofia's rescan and
   * startgw): a background job reads it first, off the simulator's context.
   */
  private static final Pattern RELOADS_XML =
      Pattern.compile("(?i)^\\s*(reloadxml\\b|sofia\\s+profile\\s+\\S+\\s+(rescan|startgw)\\b)");

  private final SimulatorCore core;
  private final Map<String, String> globals = new ConcurrentHashMap<>();
  private final ConferenceApi conference;

  ApiCommands(SimulatorCore core) {
    this.core = core;
    globals.put("hostname", core.identity().hostname());
    globals.put("local_ip_v4", core.identity().ipv4());
    globals.put("domain", core.identity().hostname());
    globals.put("switch_serial", "1");
    this.conference = new ConferenceApi(core.conferences());
  }

  Map<String, String> globals() {
    return globals;
  }

  static boolean reloadsXml(String commandLine) {
    return RELOADS_XML.matcher(commandLine).find();
  }

  /** Runs {@code cmd [arg]} and returns what it wrote to its stream. */
  String execute(String commandLine) {
    return execute(commandLine, core::reloadXml);
  }

  /** {@link #execute(String)}, reloading the configuration with {@code reloadXml}. */
  String execute(String commandLine, Supplier<String> reloadXml) {
    int space = commandLine.indexOf(' ');
    String cmd = space < 0 ? commandLine : commandLine.substring(0, space);
    String arg = space < 0 ? "" : commandLine.substring(space + 1);
    return switch (cmd) {
      case "status" -> status();
      case "version" -> version(arg);
      case "reloadxml" -> "+OK [" + reloadXml.get() + "]\n";
      case "global_getvar" -> globalGetvar(arg);
      case "xml_locate" -> xmlLocate(arg);
      case "conference" -> conference.execute(arg);
      case "sofia" -> core.sofiaApi().execute(arg, reloadXml);
      case "show" -> show(arg);
      case "hostname" -> core.identity().hostname();
      case "uptime" ->
          Long.toString((System.currentTimeMillis() - core.identity().startedAtMillis()) / 1000);
      case "system", "bg_system" -> "";
      default -> "-ERR " + cmd + " Command not found!\n";
    };
  }

  /** mod_commands.c status_function, plain-text form. */
  private String status() {
    long micros = (System.currentTimeMillis() - core.identity().startedAtMillis()) * 1000;
    return "UP "
        + Uptime.describe(micros)
        + "\n"
        + "FreeSWITCH (Version "
        + core.identity().version()
        + " 64bit) is ready\n"
        + core.sessionsSinceStartup()
        + " session(s) since startup\n"
        + core.sessionCount()
        + " session(s) - peak "
        + core.sessionCount()
        + ", last 5min "
        + core.sessionCount()
        + " \n"
        + "0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n"
        + "1000 session(s) max\n"
        + "min idle cpu 0.00/99.00\n"
        + "Current Stack Size/Max 240K/8192K\n";
  }

  /** mod_commands.c version_function. */
  private String version(String arg) {
    String full = core.identity().version();
    if (arg.contains("short")) {
      return full.replaceFirst("^(\\d+\\.\\d+\\.\\d+).*", "$1") + "\n";
    }
    return "FreeSWITCH Version " + full + " (" + full + " 64bit)\n";
  }

  private String xmlLocate(String arg) {
    String reply = core.xml().locate(arg);
    if (arg.trim().equalsIgnoreCase("root") && !reply.isEmpty()) {
      core.xmlRootOpened();
    }
    return reply;
  }

  private String globalGetvar(String name) {
    if (name.isBlank()) {
      StringBuilder out = new StringBuilder();
      globals.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      return out.toString();
    }
    return globals.getOrDefault(name.trim(), "");
  }

  /** show_function with no rows: an empty line and the count. */
  private String show(String what) {
    return switch (what.trim().split(" ")[0]) {
      case "calls", "channels", "registrations", "detailed_calls", "bridged_calls" ->
          "\n0 total.\n";
      case "" ->
          "-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status\n";
      default -> "\n0 total.\n";
    };
  }
}
