package io.switchboard.testkit.freeswitch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A FreeSWITCH as its event socket (mod_event_socket) shows it to an inbound client: the same
 * bytes, the same command replies, the same events with the same headers, for what Switchboard
 * needs — conferences (mod_conference), outbound registrations (mod_sofia gateways read from XML
 * files and registering over real SIP at their proxy), reloadxml, status, version, global_getvar,
 * xml_locate, HEARTBEAT, BACKGROUND_JOB — plus the faults a real node shows: dropped connections, a
 * hung process, malformed bytes, restarts, and the lost-events kill of a listener that does not
 * read.
 *
 * <p>Written from FreeSWITCH's source (the classes cite the functions they follow) and independent
 * of Switchboard's own ESL code, so each checks the other. Every control method may be called from
 * any thread; it returns once the simulator has done it.
 */
public final class FreeSwitchSimulator implements AutoCloseable {
  private static final long CONTROL_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Context context;
  private final SimulatorOptions options;
  private final List<String> commandLog = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong lostEvents = new AtomicLong();
  private SimulatorCore core;

  /** Configuration, not process state: it survives a restart. */
  private volatile InboundAcl inboundAcl = InboundAcl.ALLOW_ALL;

  private NetServer server;
  private int port;

  private FreeSwitchSimulator(Vertx vertx, boolean ownsVertx, SimulatorOptions options) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
  }

  /** Starts listening; returns when the port is bound. */
  public static FreeSwitchSimulator start(SimulatorOptions options) {
    if (options.configurationDir() != null) {
      // On the caller's thread: file writes have no place on the simulator's event loop.
      DefaultConfiguration.installIfMissing(options.configurationDir());
    }
    boolean owns = options.vertx() == null;
    Vertx vertx = owns ? Vertx.vertx() : options.vertx();
    FreeSwitchSimulator simulator = new FreeSwitchSimulator(vertx, owns, options);
    try {
      simulator.await(() -> simulator.boot(options.port()));
    } catch (RuntimeException e) {
      if (owns) {
        vertx.close();
      }
      throw e;
    }
    return simulator;
  }

  private Future<Void> boot(int listenPort) {
    core = new SimulatorCore(vertx, context, options, commandLog, lostEvents);
    core.applyInboundAcl(inboundAcl);
    core.start();
    SimulatorCore current = core;
    server =
        vertx
            .createNetServer(
                new NetServerOptions()
                    .setHost(options.host())
                    .setPort(listenPort)
                    .setTcpNoDelay(true))
            .connectHandler(socket -> current.accept(socket));
    return server
        .listen()
        .map(
            bound -> {
              port = bound.actualPort();
              return null;
            });
  }

  /** Stops the process: its timers, its connections (without notice) and its listening socket. */
  private Future<Void> halt() {
    Future<Void> sofiaStopped = core.stop();
    core.listeners().forEach(Listener::drop);
    return Future.join(sofiaStopped, server.close()).mapEmpty();
  }

  public int port() {
    return port;
  }

  public String host() {
    return options.host();
  }

  /** An ESL URL for this simulator in the {@code fs://:password@host:port} syntax. */
  public String eslUrl() {
    return "fs://:" + options.password() + "@" + options.host() + ":" + port;
  }

  // ---- conferences -------------------------------------------------------------------------

  public void createConference(String name) {
    call(() -> core.conferences().create(name));
  }

  /**
   * {@link #createConference} without waiting, for load runs that create rooms at a set pace: a
   * simulator busy for a moment (taking in a rescan of a thousand gateways) must not slow the pace
   * of every node. The room's conference-create goes out when the simulator gets to it.
   */
  public void createConferenceSoon(String name) {
    context.runOnContext(v -> core.conferences().create(name));
  }

  /** A caller joins (the room is created first if needed); returns the member id. */
  public int addMember(String conference, String callerIdName, String callerIdNumber) {
    return call(
        () -> core.conferences().addMember(conference, callerIdName, callerIdNumber, false));
  }

  public int addModerator(String conference, String callerIdName, String callerIdNumber) {
    return call(() -> core.conferences().addMember(conference, callerIdName, callerIdNumber, true));
  }

  /** The member leaves; the last one leaving ends the room. */
  public boolean removeMember(String conference, int memberId) {
    return call(() -> core.conferences().removeMember(conference, memberId));
  }

  public boolean startTalking(String conference, int memberId) {
    return call(() -> core.conferences().talking(conference, memberId, true));
  }

  public boolean stopTalking(String conference, int memberId) {
    return call(() -> core.conferences().talking(conference, memberId, false));
  }

  public boolean mute(String conference, int memberId) {
    return call(() -> core.conferences().mute(conference, memberId, true));
  }

  public boolean unmute(String conference, int memberId) {
    return call(() -> core.conferences().mute(conference, memberId, false));
  }

  /**
   * The member pressed {@code key}, bound in the room's caller controls to the {@code event} action
   * with {@code data}: a {@code dtmf} event with DTMF-Key and Data, as moderator controls report
   * it.
   */
  public boolean pressDtmf(String conference, int memberId, String key, String data) {
    return call(() -> core.conferences().pressDtmf(conference, memberId, key, data));
  }

  /** Recordings to paths under this prefix fail to open (start-recording with an Error). */
  public void failRecordingsUnder(String pathPrefix) {
    call(
        () -> {
          core.conferences().unwritable(pathPrefix, true);
          return null;
        });
  }

  /** Every member leaves, then the room ends. */
  public boolean destroyConference(String name) {
    return call(() -> core.conferences().destroy(name));
  }

  /** Room name to its member count. */
  public Map<String, Integer> conferences() {
    return call(
        () -> {
          Map<String, Integer> result = new LinkedHashMap<>();
          core.conferences().rooms().forEach((name, room) -> result.put(name, room.members.size()));
          return result;
        });
  }

  // ---- sofia -------------------------------------------------------------------------------

  /**
   * The host:port the simulated sofia profile sends its REGISTERs from (UDP), as the gateways'
   * Contact shows it; each process (a restart makes a new one) binds an ephemeral port.
   */
  public String sipAddress() {
    return sipAddress(call(() -> core.sofia().defaultProfile()));
  }

  /**
   * The host:port profile {@code profile}'s gateways register from, as their Contact shows it: the
   * profile's {@code ext-sip-ip} or {@code sip-ip} (else the simulator's address), IPv6 in
   * brackets.
   */
  public String sipAddress(String profile) {
    return await(() -> core.sofia().sipStack(profile).map(SofiaSipStack::contactAddress));
  }

  /** Gateway name to its state (UNREGED, TRYING, REGED, FAIL_WAIT, NOREG, ...). */
  public Map<String, String> gatewayStates() {
    return call(
        () -> {
          Map<String, String> result = new LinkedHashMap<>();
          core.sofia().gateways().forEach((name, gw) -> result.put(name, gw.state));
          return result;
        });
  }

  // ---- access ------------------------------------------------------------------------------

  /**
   * mod_event_socket's {@code apply-inbound-acl}: from now on a connection from outside these
   * networks (CIDRs, addresses or {@code loopback.auto}) gets {@code text/rude-rejection} and is
   * closed. An empty list lets everyone in, the simulator's default.
   */
  public void applyInboundAcl(List<String> allowedNetworks) {
    InboundAcl acl = InboundAcl.allowing(allowedNetworks);
    inboundAcl = acl;
    call(
        () -> {
          core.applyInboundAcl(acl);
          return null;
        });
  }

  // ---- events ------------------------------------------------------------------------------

  /** Fires an event: the standard headers first, then {@code headers} in order, then the body. */
  public void fireEvent(String name, String subclass, Map<String, String> headers, String body) {
    call(
        () -> {
          SimEvent event =
              core.events()
                  .create(name, subclass, new EventFactory.Origin("switch_sim.c", "fire", 1));
          headers.forEach(event::add);
          core.fire(event.body(body));
          return null;
        });
  }

  /** One HEARTBEAT now, besides the periodic ones. */
  public void heartbeat() {
    call(
        () -> {
          core.heartbeat();
          return null;
        });
  }

  /** A log/data frame to every listener that asked for this level with {@code log}. */
  public void log(int level, String text) {
    call(
        () -> {
          core.log(level, text);
          return null;
        });
  }

  /**
   * Emits a burst; the future completes with the number of events fired once the last one was
   * handed to the listeners.
   */
  public CompletableFuture<Long> emit(BulkEmission burst) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    context.runOnContext(v -> new BulkEmitter(core, burst, done).start());
    return done;
  }

  // ---- faults ------------------------------------------------------------------------------

  /** Closes every connection abruptly, without a disconnect notice (a crash or a cut cable). */
  public void dropConnections() {
    call(
        () -> {
          core.listeners().forEach(Listener::drop);
          return null;
        });
  }

  /** Every connection stops reading commands and sending events, as a hung FreeSWITCH. */
  public void freeze() {
    call(
        () -> {
          core.listeners().forEach(Listener::freeze);
          return null;
        });
  }

  public void thaw() {
    call(
        () -> {
          core.listeners().forEach(Listener::thaw);
          return null;
        });
  }

  /**
   * bgapi jobs are accepted (their Job-UUID reply goes out) but run only at {@link
   * #releaseBackgroundJobs}: a FreeSWITCH busy with a long job, such as a reloadxml of a large
   * configuration, for as long as a test needs.
   */
  public void holdBackgroundJobs() {
    call(
        () -> {
          core.holdJobs();
          return null;
        });
  }

  /**
   * Runs the held bgapi jobs in the order they came (a job that reloads the configuration answers
   * once it has read it, after the jobs behind it that do not); later ones run at once again.
   */
  public void releaseBackgroundJobs() {
    call(
        () -> {
          core.releaseJobs();
          return null;
        });
  }

  /** Writes bytes no FreeSWITCH would send to every connection. */
  public void sendMalformedFrame(MalformedFrame frame) {
    call(
        () -> {
          core.listeners().forEach(l -> l.writeRaw(Buffer.buffer(frame.bytes())));
          return null;
        });
  }

  /** kill_listener with "killed listener because of lost events" for every connection. */
  public void killListenersWithLostEvents() {
    call(
        () -> {
          core.listeners().forEach(l -> l.end(Listener.LOST_EVENTS));
          return null;
        });
  }

  /**
   * A FreeSWITCH restart: connections drop, the port is closed for {@code downtime}, then a new
   * process (new Core-UUID, no rooms) listens on the same port. Returns when it is back.
   */
  public void restart(Duration downtime) {
    await(this::halt);
    try {
      Thread.sleep(downtime.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await(() -> boot(port));
  }

  // ---- observation -------------------------------------------------------------------------

  public int connectedClients() {
    return call(() -> core.listeners().size());
  }

  /** Every command line received, in order ({@code auth} passwords masked). */
  public List<String> commandLog() {
    synchronized (commandLog) {
      return List.copyOf(commandLog);
    }
  }

  /** Each connection's subscriptions, e.g. [HEARTBEAT, CUSTOM conference::maintenance]. */
  public List<List<String>> subscriptions() {
    return call(() -> core.listeners().stream().map(Listener::subscriptions).toList());
  }

  /** Events dropped because a listener's queue was full. */
  public long lostEvents() {
    return lostEvents.get();
  }

  /** The current process's Core-UUID (it changes on restart). */
  public String coreUuid() {
    return call(() -> core.identity().coreUuid());
  }

  public Set<String> globalVariables() {
    return call(() -> Set.copyOf(core.api().globals().keySet()));
  }

  @Override
  public void close() {
    try {
      await(this::halt);
    } finally {
      if (ownsVertx) {
        vertx
            .close()
            .toCompletionStage()
            .toCompletableFuture()
            .orTimeout(10, TimeUnit.SECONDS)
            .join();
      }
    }
  }

  private <T> T call(Callable<T> action) {
    return await(
        () -> {
          try {
            return Future.succeededFuture(action.call());
          } catch (Exception e) {
            return Future.failedFuture(e);
          }
        });
  }

  /** Runs {@code action} on the simulator's context and waits for the future it returns. */
  private <T> T await(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      throw new IllegalStateException(
          "control methods block: call them from a test thread, not the simulator's event loop");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            action
                .get()
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        result.complete(ar.result());
                      } else {
                        result.completeExceptionally(ar.cause());
                      }
                    });
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause);
    } catch (Exception e) {
      throw new IllegalStateException("simulator did not answer: " + e, e);
    }
  }
}
