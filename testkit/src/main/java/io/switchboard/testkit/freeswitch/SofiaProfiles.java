package io.switchboard.testkit.freeswitch;

import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * mod_sofia's outbound registrations: gateways read from the configuration on rescan, the
 * registration state machine of sofia_reg.c (sofia_reg_check_gateway and the REGISTER
 * response handler) with its sofia::gateway_state events, and the {@code sofia profile ...}
 * API replies of mod_sofia.c's cmd_profile. The registrar is simulated: it accepts unless a
 * test tells it to refuse a gateway or realm (403 Forbidden).
 */
final class SofiaProfiles {
  static final String GATEWAY_STATE = "sofia::gateway_state";
  static final String GATEWAY_ADD = "sofia::gateway_add";
  static final String GATEWAY_DELETE = "sofia::gateway_delete";
  /** How soon after a change the simulated registrar answers (sofia checks gateways every second). */
  private static final long STEP_MILLIS = 20;

  /** A gateway and its registration state (sofia_state_names). */
  static final class Gateway {
    final String name;
    final String profile;
    final Map<String, String> params;
    String state;
    boolean up;
    long retryTimer = -1;

    Gateway(String name, String profile, Map<String, String> params) {
      this.name = name;
      this.profile = profile;
      this.params = params;
      this.state = "false".equalsIgnoreCase(params.get("register")) ? "NOREG" : "UNREGED";
    }

    String realm() {
      return params.getOrDefault("realm", params.getOrDefault("proxy", name));
    }

    String registrarHost() {
      String proxy = params.getOrDefault("proxy", realm());
      return proxy.replaceFirst("^sip:", "").replaceFirst(":\\d+$", "");
    }
  }

  private final Vertx vertx;
  private final EventFactory events;
  private final XmlConfiguration xml;
  private final Consumer<SimEvent> fire;
  private final Map<String, Gateway> gateways = new LinkedHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  SofiaProfiles(Vertx vertx, EventFactory events, XmlConfiguration xml, Consumer<SimEvent> fire) {
    this.vertx = vertx;
    this.events = events;
    this.xml = xml;
    this.fire = fire;
  }

  Map<String, Gateway> gateways() {
    return gateways;
  }

  /** The registrar answers 403 for this gateway name or realm (or accepts again). */
  void refuse(String gatewayOrRealm, boolean refuse) {
    if (refuse) {
      refused.add(gatewayOrRealm);
    } else {
      refused.remove(gatewayOrRealm);
    }
  }

  /** Profile start-up or rescan: gateways in the configuration that are not running yet are added. */
  void scan(String profile) {
    xml.gateways(profile).forEach((name, params) -> {
      if (!gateways.containsKey(name)) {
        Gateway gateway = new Gateway(name, profile, params);
        gateways.put(name, gateway);
        SimEvent add = events.create("CUSTOM", GATEWAY_ADD, new EventFactory.Origin("sofia_reg.c", "sofia_reg_add_gateway", 3723));
        fire.accept(add.add("Gateway", name).add("profile-name", profile));
        schedule(gateway);
      }
    });
  }

  void scanAll() {
    xml.profiles().forEach(this::scan);
  }

  /**
   * The {@code sofia} API: {@code sofia profile <name> rescan|killgw|register|unregister ...};
   * {@code reloadXml} reloads the configuration and answers "Success" or the error.
   */
  String api(String args, Supplier<String> reloadXml) {
    String[] argv = args.trim().isEmpty() ? new String[0] : args.trim().split("\\s+");
    if (argv.length < 3 || !argv[0].equalsIgnoreCase("profile")) {
      return "-ERR Usage: sofia profile <name> rescan|killgw <gw>|register <gw>|unregister <gw>\n";
    }
    String profile = argv[1];
    if (!xml.profiles().contains(profile)) {
      return "Invalid Profile [" + profile + "]";
    }
    String sub = argv[2].toLowerCase(Locale.ROOT);
    String gw = argv.length > 3 ? argv[3] : null;
    switch (sub) {
      case "rescan": {
        // cmd_profile: switch_xml_reload, then config_sofia(SOFIA_CONFIG_RESCAN) on the (new or kept) XML.
        String err = reloadXml.get();
        scan(profile);
        return "Reload XML [" + err + "]\n+OK scan complete\n";
      }
      case "killgw":
        if (gw == null) {
          return "-ERR missing gw name\n";
        }
        if (gw.equals("_all_")) {
          gateways.values().stream().filter(g -> g.profile.equals(profile)).toList().forEach(this::delete);
          return "+OK every gateway marked for deletion.\n";
        }
        Gateway doomed = gateways.get(gw);
        if (doomed == null) {
          return "-ERR no such gateway.\n";
        }
        delete(doomed);
        return "+OK gateway marked for deletion.\n";
      case "register":
      case "unregister":
        if (gw == null) {
          return "No gateway name provided!\n";
        }
        Gateway gateway = gateways.get(gw);
        if (gateway == null) {
          return "Invalid gateway!\n";
        }
        if (gateway.state.equals("NOREG")) {
          return "-ERR NOREG gateway [" + gw + "] can't be " + sub + "ed!\n";
        }
        if (sub.equals("register")) {
          setState(gateway, "UNREGED", 0, null);
          schedule(gateway);
        } else {
          setState(gateway, "UNREGISTER", 0, null);
          gateway.up = false;
          vertx.setTimer(STEP_MILLIS, t -> setState(gateway, "DOWN", 0, null));
        }
        return "+OK\n";
      default:
        return "-ERR Unknown command [" + sub + "]\n";
    }
  }

  private void delete(Gateway gateway) {
    gateways.remove(gateway.name);
    if (gateway.retryTimer >= 0) {
      vertx.cancelTimer(gateway.retryTimer);
    }
    SimEvent event = events.create("CUSTOM", GATEWAY_DELETE, new EventFactory.Origin("sofia_reg.c", "sofia_reg_check_gateway", 343));
    fire.accept(event.add("profile-name", gateway.profile).add("Gateway", gateway.name));
  }

  /** sofia_reg_check_gateway: UNREGED -> TRYING, then the registrar's answer. */
  private void schedule(Gateway gateway) {
    if (!gateway.state.equals("UNREGED")) {
      return;
    }
    vertx.setTimer(STEP_MILLIS, t -> {
      if (gateways.get(gateway.name) != gateway || !gateway.state.equals("UNREGED")) {
        return;
      }
      setState(gateway, "TRYING", 0, null);
      vertx.setTimer(STEP_MILLIS, t2 -> answer(gateway));
    });
  }

  private void answer(Gateway gateway) {
    if (gateways.get(gateway.name) != gateway || !gateway.state.equals("TRYING")) {
      return;
    }
    if (refused.contains(gateway.name) || refused.contains(gateway.realm())) {
      // sofia_reg_handle_sofia_r_register: a final non-200 answer -> FAILED, then FAIL_WAIT.
      setState(gateway, "FAILED", 403, "Forbidden");
      vertx.setTimer(STEP_MILLIS, t -> {
        gateway.up = false;
        setState(gateway, "FAIL_WAIT", 0, null);
        long retry = parseSeconds(gateway.params.get("retry-seconds"), 30) * 1000;
        gateway.retryTimer = vertx.setTimer(retry, r -> {
          gateway.retryTimer = -1;
          if (gateways.get(gateway.name) == gateway && gateway.state.equals("FAIL_WAIT")) {
            setState(gateway, "UNREGED", 0, null);
            schedule(gateway);
          }
        });
      });
    } else {
      setState(gateway, "REGISTER", 200, "OK");
      vertx.setTimer(STEP_MILLIS, t -> {
        gateway.up = true;
        setState(gateway, "REGED", 0, null);
      });
    }
  }

  private static long parseSeconds(String text, long fallback) {
    try {
      return text == null ? fallback : Math.max(1, Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** sofia_reg_fire_custom_gateway_state_event. */
  private void setState(Gateway gateway, String state, int status, String phrase) {
    gateway.state = state;
    SimEvent event = events.create("CUSTOM", GATEWAY_STATE,
        new EventFactory.Origin("sofia_reg.c", "sofia_reg_fire_custom_gateway_state_event", 171));
    event.add("Gateway", gateway.name)
        .add("State", state)
        .add("Ping-Status", gateway.up ? "UP" : "DOWN");
    if (status != 0 || state.equals("REGED")) {
      event.add("Register-Network-IP", gateway.registrarHost()).add("Register-Network-Port", "5060");
    }
    if (phrase != null) {
      event.add("Phrase", phrase);
    }
    if (status != 0) {
      event.add("Status", Integer.toString(status));
    }
    fire.accept(event);
  }
}
