package io.switchboard.testkit.freeswitch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mod_sofia's outbound registrations: gateways read from the configuration on rescan
 * (parse_gateways, see {@link GatewayDefinition}), registered over real SIP ({@link
 * RegistrationHandle}) and driven by the state machine of sofia_reg.c — sofia_reg_check_gateway,
 * run once per tick, and the REGISTER response handler — with the sofia::gateway_state events both
 * fire. The {@code sofia} API is {@link SofiaApi}.
 *
 * <p>Times are counted in sofia "seconds" of {@code tickMillis} each: at the default 1000 ms this
 * is FreeSWITCH's own pace (GATEWAY_SECONDS, sofia.c:2997); a test may shorten it, and every period
 * a gateway has (retry-seconds, timeout-seconds, expiry, sofia-sip's refresh) shrinks with it.
 */
final class SofiaProfiles {
  private static final Logger LOG = LoggerFactory.getLogger(SofiaProfiles.class);
  static final String GATEWAY_STATE = "sofia::gateway_state";
  static final String GATEWAY_ADD = "sofia::gateway_add";
  static final String GATEWAY_DELETE = "sofia::gateway_delete";
  static final String GATEWAY_INVALID_DIGEST_REQ = "sofia::gateway_invalid_digest_req";

  /** A gateway and its registration state: the fields of sofia_gateway_t the simulation needs. */
  static final class Gateway {
    final GatewayDefinition def;
    String contact = "";
    String state;
    boolean up;
    long uptimeMillis;
    int failures;
    int failureStatus;
    long retry;
    long regTimeout;
    long expires;
    boolean deleted;
    String networkIp;
    int networkPort;
    RegistrationHandle nh;

    Gateway(GatewayDefinition def) {
      this.def = def;
      // sofia.c:4024-4027: a NOREG gateway is UP from the start.
      this.state = def.register() ? "UNREGED" : "NOREG";
      this.up = !def.register();
      this.uptimeMillis = System.currentTimeMillis();
    }

    String name() {
      return def.name();
    }

    String profile() {
      return def.profile();
    }
  }

  private final Vertx vertx;
  private final EventFactory events;
  private final XmlConfiguration xml;
  private final Consumer<SimEvent> fire;
  private final long tickMillis;
  private final String sipIp;
  private final String version;
  private final long startSeconds = System.currentTimeMillis() / 1000;
  private long ticks;

  /** Newest first, as sofia_reg_add_gateway links them (sofia_reg.c:3691). */
  private final List<Gateway> gateways = new ArrayList<>();

  private Context context;

  /** Each profile's SIP stack, bound to its own address (its sip-ip), as each sofia profile is. */
  private final Map<String, Future<SofiaSipStack>> sipStarting = new HashMap<>();

  private final Map<String, SofiaSipStack> sip = new HashMap<>();
  private long tickTimer = -1;

  SofiaProfiles(
      Vertx vertx,
      EventFactory events,
      XmlConfiguration xml,
      Consumer<SimEvent> fire,
      long tickMillis,
      String sipIp,
      String version) {
    this.vertx = vertx;
    this.events = events;
    this.xml = xml;
    this.fire = fire;
    this.tickMillis = tickMillis;
    this.sipIp = sipIp;
    this.version = version;
  }

  /** Profiles start: the gateways are read, the checks begin. */
  void start(Context runOn) {
    this.context = runOn;
    xml.profiles().forEach(this::scan);
    scheduleCheck();
  }

  /**
   * One check a tick after the last one ended. Not a periodic timer: that one catches up after a
   * stall with a burst of checks, which would end TRYING gateways with a TIMEOUT no registrar could
   * have prevented.
   */
  private void scheduleCheck() {
    tickTimer =
        vertx.setTimer(
            tickMillis,
            t -> {
              check();
              if (tickTimer >= 0) {
                scheduleCheck();
              }
            });
  }

  /** Profiles stop as in a crash: no un-REGISTER; done when the SIP stack is closed. */
  Future<Void> close() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
      tickTimer = -1;
    }
    gateways.forEach(
        g -> {
          if (g.nh != null) {
            g.nh.destroy();
          }
        });
    List<Future<Object>> closed = new ArrayList<>();
    for (Future<SofiaSipStack> starting : sipStarting.values()) {
      closed.add(
          starting.compose(
              stack ->
                  vertx.executeBlocking(
                      () -> {
                        stack.close();
                        return null;
                      }),
              failed -> Future.succeededFuture()));
    }
    return Future.join(closed).mapEmpty();
  }

  /**
   * The profile's SIP stack, bound on first use (so the many simulators that never see a gateway
   * carry no SIP threads) and off the event loop, since binding takes a while. It binds the
   * profile's {@code sip-ip} (BBB's external-ipv6 profile has {@code $${local_ip_v6}}), else the
   * simulator's address; its gateways' Contact names {@code ext-sip-ip} instead when that is an
   * address (sofia.c: {@code sipip = profile->extsipip ? profile->extsipip : profile->sipip}).
   */
  Future<SofiaSipStack> sipStack(String profile) {
    return sipStarting.computeIfAbsent(
        profile,
        p -> {
          Map<String, String> settings = xml.profileSettings(p);
          String bind = literalAddress(settings.get("sip-ip"));
          String ip = bind != null ? bind : sipIp;
          String external = literalAddress(settings.get("ext-sip-ip"));
          return vertx
              .executeBlocking(
                  () ->
                      SofiaSipStack.start(
                          ip,
                          external,
                          context,
                          (int) Math.max(1, 500 * tickMillis / 1000),
                          version))
              .onSuccess(stack -> sip.put(p, stack))
              .onFailure(
                  e -> LOG.error("sofia profile {} has no SIP stack; gateways stay UNREGED", p, e));
        });
  }

  /**
   * An IP address written in a profile param, brackets off; null for anything else (unset, a
   * variable left unexpanded, or sofia's {@code auto}, {@code stun:} and {@code host:} forms, which
   * the simulator does not resolve).
   */
  static String literalAddress(String value) {
    if (value == null) {
      return null;
    }
    String bare = value.trim().replaceAll("^\\[|]$", "");
    boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
    return v4 || v6 ? bare : null;
  }

  /** The profile that {@code sofia status} lists first: BBB's external, else the first. */
  String defaultProfile() {
    List<String> profiles = xml.profiles();
    return profiles.isEmpty() || profiles.contains("external") ? "external" : profiles.get(0);
  }

  /**
   * sofia "now", in seconds: one per check, so that at the default pace it follows the epoch as
   * FreeSWITCH's does, and a slow machine slows every period alike instead of skipping checks.
   */
  long now() {
    return startSeconds + ticks;
  }

  /** Live gateways by name (sofia_reg_find_gateway skips deleted ones, sofia_reg.c:3607). */
  Map<String, Gateway> gateways() {
    Map<String, Gateway> live = new LinkedHashMap<>();
    for (int i = gateways.size() - 1; i >= 0; i--) {
      Gateway g = gateways.get(i);
      if (!g.deleted) {
        live.put(g.name(), g);
      }
    }
    return live;
  }

  /** Every gateway of every profile, deleted ones included, newest first. */
  List<Gateway> all() {
    return List.copyOf(gateways);
  }

  /** The newest live gateway of that name. */
  Gateway find(String name) {
    for (Gateway g : gateways) {
      if (!g.deleted && g.name().equals(name)) {
        return g;
      }
    }
    return null;
  }

  /**
   * config_sofia(SOFIA_CONFIG_RESCAN) or startgw: parse_gateways over the profile's gateways, only
   * {@code only} when not null.
   */
  void scan(String profile, String only) {
    // Looked up once per scan: a rescan goes over every gateway file of the profile.
    Map<String, Gateway> live = gateways();
    for (Map.Entry<String, Map<String, String>> entry : xml.gateways(profile).entrySet()) {
      String name = entry.getKey();
      String rejection = GatewayDefinition.rejection(name, entry.getValue());
      if (rejection != null) {
        LOG.info("gateway {} of profile {} skipped: {}", name, profile, rejection);
        continue;
      }
      if (only != null && !only.equals(name)) {
        continue;
      }
      if (live.containsKey(name)) {
        // Every rescan says this of every live gateway: at debug, a burst of rescans over a
        // thousand gateways would otherwise print a million lines.
        LOG.debug("Ignoring duplicate gateway '{}'", name);
        continue;
      }
      GatewayDefinition def = GatewayDefinition.parse(name, profile, entry.getValue());
      Gateway gateway = new Gateway(def);
      gateways.add(0, gateway);
      live.put(name, gateway);
      sipStack(profile);
      SimEvent add =
          events.create(
              "CUSTOM",
              GATEWAY_ADD,
              new EventFactory.Origin("sofia_reg.c", "sofia_reg_add_gateway", 3723));
      fire.accept(add.add("Gateway", name).add("profile-name", profile));
    }
  }

  void scan(String profile) {
    scan(profile, null);
  }

  /**
   * sofia_glue_del_gateway (sofia_glue.c:2097): marked now, unregistered and removed by later
   * checks.
   */
  void delete(Gateway gateway) {
    if (!gateway.deleted) {
      if (!gateway.state.equals("NOREG")) {
        gateway.retry = 0;
        gateway.state = "UNREGISTER";
      }
      gateway.deleted = true;
    }
  }

  /** cmd_profile register (mod_sofia.c:3691): UNREGED without an event; the next check sends. */
  void register(Gateway gateway) {
    gateway.retry = 0;
    gateway.state = "UNREGED";
  }

  /**
   * cmd_profile unregister (mod_sofia.c:3724): UNREGISTER without an event; the next check sends.
   */
  void unregister(Gateway gateway) {
    gateway.retry = 0;
    gateway.state = "UNREGISTER";
  }

  /** sofia_reg_check_gateway (sofia_reg.c:316-562), for every profile at once. */
  void check() {
    ticks++;
    long now = now();
    removeDeletedGateways();
    for (Gateway g : List.copyOf(gateways)) {
      step(g, now);
    }
  }

  /** One gateway through the switch of sofia_reg_check_gateway; a changed state is an event. */
  private void step(Gateway g, long now) {
    String ostate = g.state;
    switch (ostate) {
      case "DOWN", "NOREG" -> setUp(g, true);
      case "REGISTER" -> {
        g.failures = 0;
        long delta = Math.max(1, g.def.freq() > 30 ? g.def.freq() - 15 : g.def.freq() / 2);
        g.expires = now + delta;
        g.state = "REGED";
        setUp(g, true);
      }
      case "UNREGISTER" -> {
        if (g.nh != null) {
          g.nh.unregisterAndDestroy();
          g.nh = null;
        }
        g.state = "DOWN";
        g.up = false;
      }
      case "UNREGED" -> sendRegister(g, now);
      case "TIMEOUT" -> {
        if (g.nh != null) {
          g.nh.destroy();
          g.nh = null;
        }
        g.state = "FAILED";
        g.failures++;
        g.failureStatus = 908;
      }
      case "FAILED" -> waitBeforeRetrying(g, now);
      case "FAIL_WAIT" -> {
        if (g.retry == 0 || now >= g.retry) {
          g.state = "UNREGED";
        }
      }
      case "TRYING" -> {
        if (now >= g.regTimeout) {
          g.state = "TIMEOUT";
        }
      }
      default -> {
        if (now >= g.expires) {
          g.state = "UNREGED";
        }
      }
    }
    if (!ostate.equals(g.state)) {
      fireState(g, 0, null);
    }
  }

  /** A deleted gateway is freed once it has nothing registered (sofia_reg.c:343). */
  private void removeDeletedGateways() {
    for (Gateway g : List.copyOf(gateways)) {
      if (g.deleted && (g.state.equals("NOREG") || g.state.equals("DOWN"))) {
        gateways.remove(g);
        SimEvent event =
            events.create(
                "CUSTOM",
                GATEWAY_DELETE,
                new EventFactory.Origin("sofia_reg.c", "sofia_reg_check_gateway", 343));
        fire.accept(event.add("profile-name", g.profile()).add("Gateway", g.name()));
      }
    }
  }

  /** REG_STATE_UNREGED: a REGISTER, and the time it may take before it counts as timed out. */
  private void sendRegister(Gateway g, long now) {
    SofiaSipStack stack = sip.get(g.profile());
    if (stack == null) {
      // The profile's SIP stack is still binding: as a profile still starting, no REGISTER yet.
      return;
    }
    g.retry = 0;
    if (g.nh == null) {
      g.nh = newHandle(g, stack);
    }
    g.nh.register();
    g.retry = now + g.def.retrySeconds();
    g.regTimeout = now + g.def.timeoutSeconds();
    g.state = "TRYING";
  }

  /**
   * REG_STATE_FAILED: the wait before the next attempt grows with the failures, except after a
   * timeout (908) or a 503.
   */
  private void waitBeforeRetrying(Gateway g, long now) {
    long sec;
    if (g.def.fail908RetrySeconds() > 0 && g.failureStatus == 908) {
      sec = g.def.fail908RetrySeconds();
    } else if (g.failureStatus == 503 || g.failureStatus == 908 || g.failures < 1) {
      sec = g.def.retrySeconds();
    } else {
      sec = (long) g.def.retrySeconds() * g.failures;
    }
    g.retry = now + sec;
    g.up = false;
    g.state = "FAIL_WAIT";
    g.failureStatus = 0;
  }

  private void setUp(Gateway g, boolean up) {
    if (up && !g.up) {
      g.uptimeMillis = System.currentTimeMillis();
    }
    g.up = up;
  }

  private RegistrationHandle newHandle(Gateway g, SofiaSipStack sip) {
    // sofia.c:4183-4195: <sip:gw+NAME@sip-ip:port;transport=udp;gw=NAME>, IPv6 in brackets.
    g.contact =
        "<sip:gw+" + g.name() + "@" + sip.contactAddress() + ";transport=udp;gw=" + g.name() + ">";
    return new RegistrationHandle(
        sip,
        vertx,
        g.def,
        g.contact,
        tickMillis,
        new RegistrationHandle.Events() {
          @Override
          public void answer(int status, String phrase, String sourceIp, int sourcePort) {
            answered(g, status, phrase, sourceIp, sourcePort);
          }

          @Override
          public void invalidDigest(String realm) {
            SimEvent event =
                events.create(
                    "CUSTOM",
                    GATEWAY_INVALID_DIGEST_REQ,
                    new EventFactory.Origin(
                        "sofia_reg.c", "sofia_reg_handle_sip_r_challenge", 2835));
            // The realm is cut from the raw "realm=..." param, so its quotes stay
            // (sofia_reg.c:2743).
            fire.accept(
                event
                    .add("Gateway", g.name())
                    .add("profile-name", g.profile())
                    .add("realm", "\"" + realm + "\""));
          }
        });
  }

  /** sofia_reg_handle_sip_r_register (sofia_reg.c:2576-2675). */
  private void answered(Gateway g, int status, String phrase, String sourceIp, int sourcePort) {
    if (g.deleted) {
      return;
    }
    String ostate = g.state;
    String oip = g.networkIp;
    if (sourceIp != null) {
      g.networkIp = sourceIp.contains(":") ? "[" + sourceIp + "]" : sourceIp;
      g.networkPort = sourcePort;
    }
    // A 200's Contact expiry moves gateway->expires here, but the check that follows (REGISTER
    // -> REGED) sets it to freq - 15 again, so only that one is kept.
    if (status >= 200 && status < 300) {
      g.state = "REGISTER";
    } else if (status != 100) {
      g.state = "FAILED";
      g.failureStatus = status;
      g.failures++;
    }
    if (!ostate.equals(g.state) || (g.networkIp != null && !g.networkIp.equals(oip))) {
      fireState(g, status, phrase);
    }
  }

  /** sofia_reg_fire_custom_gateway_state_event (sofia_reg.c:153). */
  private void fireState(Gateway gateway, int status, String phrase) {
    SimEvent event =
        events.create(
            "CUSTOM",
            GATEWAY_STATE,
            new EventFactory.Origin(
                "sofia_reg.c", "sofia_reg_fire_custom_gateway_state_event", 171));
    event
        .add("Gateway", gateway.name())
        .add("State", gateway.state)
        .add("Ping-Status", gateway.up ? "UP" : "DOWN");
    if (gateway.networkIp != null) {
      event
          .add("Register-Network-IP", gateway.networkIp)
          .add("Register-Network-Port", Integer.toString(gateway.networkPort));
    }
    if (phrase != null && !phrase.isEmpty()) {
      event.add("Phrase", phrase);
    }
    if (status != 0) {
      event.add("Status", Integer.toString(status));
    }
    fire.accept(event);
  }
}
