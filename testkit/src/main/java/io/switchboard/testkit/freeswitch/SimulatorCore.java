package io.switchboard.testkit.freeswitch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one simulated FreeSWITCH process: its identity, listeners, conferences, sofia
 * gateways and configuration. Everything here runs on one Vert.x context (a background job reads
 * the configuration it reloads on a worker first); a restart builds a new core (a new Core-UUID, no
 * rooms), as a restarted FreeSWITCH would have.
 */
final class SimulatorCore {
  private final Vertx vertx;
  private final Context context;
  private final SimulatorOptions options;
  private final Identity identity;
  private final EventFactory events;
  private final XmlConfiguration xml;
  private final Conferences conferences;
  private final SofiaProfiles sofia;
  private final SofiaApi sofiaApi;
  private final ApiCommands api;
  private final Map<Long, Listener> listeners = new LinkedHashMap<>();
  private final List<String> commandLog;
  private final AtomicLong lostEvents;

  /** Set by {@link #stop}: a reload read meanwhile is not put in use. */
  private volatile boolean stopped;

  /** bgapi jobs waiting for {@link #releaseJobs}, in order; null while jobs run at once. */
  private List<Runnable> heldJobs;

  private long nextListenerId = 1;
  private long heartbeatTimer = -1;
  private InboundAcl inboundAcl = InboundAcl.ALLOW_ALL;

  SimulatorCore(
      Vertx vertx,
      Context context,
      SimulatorOptions options,
      List<String> commandLog,
      AtomicLong lostEvents) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.commandLog = commandLog;
    this.lostEvents = lostEvents;
    this.identity =
        new Identity(
            UUID.randomUUID().toString(),
            options.hostname(),
            options.hostname(),
            options.ipv4(),
            "::1",
            options.version(),
            System.currentTimeMillis());
    this.events = new EventFactory(identity);
    this.conferences =
        new Conferences(
            events, identity, this::fire, task -> context.runOnContext(v -> task.run()));
    this.api = new ApiCommands(this);
    this.xml = new XmlConfiguration(options.configurationDir(), api.globals());
    this.sofia =
        new SofiaProfiles(
            vertx,
            events,
            xml,
            this::fire,
            options.sofiaTick().toMillis(),
            options.host(),
            options.version());
    this.sofiaApi = new SofiaApi(sofia, xml);
  }

  /** Start-up: configuration loaded, profiles started with their gateways, heartbeats begin. */
  void start() {
    xml.reload();
    sofia.start(context);
    if (!options.heartbeatInterval().isZero()) {
      heartbeatTimer = vertx.setPeriodic(options.heartbeatInterval().toMillis(), t -> heartbeat());
    }
  }

  /** Timers off; the returned future completes once the sofia profile's SIP socket is closed. */
  Future<Void> stop() {
    stopped = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    return sofia.close();
  }

  void applyInboundAcl(InboundAcl acl) {
    this.inboundAcl = acl;
  }

  /**
   * listener_run refuses an address the ACL denies before the greeting, then hangs up
   * (mod_event_socket.c:2674-2691).
   */
  Listener accept(io.vertx.core.net.NetSocket socket) {
    if (!inboundAcl.allows(socket.remoteAddress().host())) {
      String message = "Access Denied, go away.\n";
      socket.write(
          "Content-Type: text/rude-rejection\nContent-Length: "
              + message.length()
              + "\n\n"
              + message);
      socket.end();
      return null;
    }
    Listener listener = new Listener(nextListenerId++, socket, this);
    listeners.put(listener.id(), listener);
    listener.start(options.authTimeout().toMillis());
    return listener;
  }

  void forget(Listener listener) {
    listeners.remove(listener.id());
  }

  /** switch_event_fire: every listener's event_handler sees it; each format is serialized once. */
  void fire(SimEvent event) {
    Map<EventFormat, byte[]> frames = new EnumMap<>(EventFormat.class);
    for (Listener listener : new ArrayList<>(listeners.values())) {
      listener.offer(event, frames);
    }
  }

  /**
   * Fires a slice of a bulk emission, as {@link #fire} would each of its events in order; a
   * listener with nothing waiting gets them in one socket write, where a write per event would cost
   * the load generator a system call each (FreeSWITCH does that work in C, outside the measured
   * JVM).
   */
  void fireAll(BulkSlice slice) {
    for (Listener listener : new ArrayList<>(listeners.values())) {
      listener.offerAll(slice);
    }
  }

  void log(int level, String text) {
    for (Listener listener : new ArrayList<>(listeners.values())) {
      listener.offerLog(level, text);
    }
  }

  /** switch_core.c send_heartbeat. */
  void heartbeat() {
    SimEvent event =
        events.create(
            "HEARTBEAT", null, new EventFactory.Origin("switch_core.c", "send_heartbeat", 124));
    long uptimeMillis = System.currentTimeMillis() - identity.startedAtMillis();
    event
        .add("Event-Info", "System Ready")
        .add("Up-Time", Uptime.describe(uptimeMillis * 1000))
        .add("FreeSWITCH-Version", identity.version())
        .add("Uptime-msec", Long.toString(uptimeMillis))
        .add("Session-Count", Integer.toString(sessionCount()))
        .add("Max-Sessions", "1000")
        .add("Session-Per-Sec", "30")
        .add("Session-Per-Sec-Last", "0")
        .add("Session-Per-Sec-Max", "0")
        .add("Session-Per-Sec-FiveMin", "0")
        .add("Session-Since-Startup", Integer.toString(sessionsSinceStartup()))
        .add("Session-Peak-Max", Integer.toString(sessionCount()))
        .add("Session-Peak-FiveMin", Integer.toString(sessionCount()))
        .add("Idle-CPU", "99.000000");
    fire(event);
  }

  /** switch_xml_reload: the error text, and a RELOADXML event when it succeeded. */
  String reloadXml() {
    return installXml(xml.load());
  }

  /** {@link #reloadXml} with a configuration already read and parsed. */
  private String installXml(XmlConfiguration.Loaded loaded) {
    String err = xml.install(loaded);
    if ("Success".equals(err)) {
      xmlRootOpened();
    }
    return err;
  }

  /**
   * switch_xml_open_root fires RELOADXML whenever it hands out a root (switch_xml.c:2422), so
   * {@code xml_locate root}, which opens it without reloading, fires one too.
   */
  void xmlRootOpened() {
    fire(
        events.create(
            "RELOADXML",
            null,
            new EventFactory.Origin("switch_xml.c", "switch_xml_open_root", 2424)));
  }

  /** From now on bgapi jobs are taken but not run until {@link #releaseJobs}. */
  void holdJobs() {
    if (heldJobs == null) {
      heldJobs = new ArrayList<>();
    }
  }

  /**
   * Runs the held jobs in the order they came, and later ones at once again; a job that reloads the
   * configuration answers once it is read, after the jobs behind it that do not.
   */
  void releaseJobs() {
    List<Runnable> held = heldJobs;
    heldJobs = null;
    if (held != null) {
      held.forEach(Runnable::run);
    }
  }

  /** api_exec for a bgapi job: the result travels as the body of a BACKGROUND_JOB event. */
  void runBackgroundJob(String job, String commandLine) {
    if (heldJobs != null) {
      heldJobs.add(() -> runBackgroundJob(job, commandLine));
      return;
    }
    if (!ApiCommands.reloadsXml(commandLine)) {
      finishBackgroundJob(job, commandLine, api.execute(commandLine));
      return;
    }
    // api_exec runs a job in a thread of its own (mod_event_socket.c:1572), so a reload that
    // reads and parses a large configuration holds up no event, call or conference meanwhile; the
    // simulator reads it on a worker and puts it in use on its context. Ordered: FreeSWITCH
    // reloads under its XML lock, so of two reloads the later read is the one left in use.
    vertx
        .executeBlocking(xml::load, true)
        .onComplete(
            read -> {
              if (stopped) {
                return; // the process is gone; a restarted one has its own core
              }
              String result =
                  read.succeeded()
                      ? api.execute(commandLine, () -> installXml(read.result()))
                      : api.execute(commandLine);
              finishBackgroundJob(job, commandLine, result);
            });
  }

  private void finishBackgroundJob(String job, String commandLine, String result) {
    int space = commandLine.indexOf(' ');
    SimEvent event =
        events.create(
            "BACKGROUND_JOB",
            null,
            new EventFactory.Origin("mod_event_socket.c", "api_exec", 1572));
    event
        .add("Job-UUID", job)
        .add("Job-Owner-UUID", "")
        .add("Job-Command", space < 0 ? commandLine : commandLine.substring(0, space));
    if (space >= 0) {
      event.add("Job-Command-Arg", commandLine.substring(space + 1));
    }
    fire(event.body(result));
  }

  void logCommand(long listenerId, String line) {
    commandLog.add(line);
  }

  void countLost() {
    lostEvents.incrementAndGet();
  }

  int sessionCount() {
    return conferences.rooms().values().stream().mapToInt(r -> r.members.size()).sum();
  }

  int sessionsSinceStartup() {
    return sessionCount();
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  SimulatorOptions options() {
    return options;
  }

  Identity identity() {
    return identity;
  }

  EventFactory events() {
    return events;
  }

  XmlConfiguration xml() {
    return xml;
  }

  Conferences conferences() {
    return conferences;
  }

  SofiaProfiles sofia() {
    return sofia;
  }

  SofiaApi sofiaApi() {
    return sofiaApi;
  }

  ApiCommands api() {
    return api;
  }

  List<Listener> listeners() {
    return Collections.unmodifiableList(new ArrayList<>(listeners.values()));
  }
}
