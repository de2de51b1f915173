package io.switchboard.testkit.bbb;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BigBlueButton server as its API answers, over real HTTP: create, join, end, isMeetingRunning,
 * getMeetingInfo, getMeetings, getRecordings, publishRecordings, updateRecordings,
 * deleteRecordings, and the version document at {@code /bigbluebutton/api}. Checksums, message
 * keys, messages and XML shapes follow bbb-web (see each call's class for the source it follows).
 *
 * <p>Many simulators can share one {@link Vertx}: each is one HTTP server on it, with no threads of
 * its own. Test code may call every method from any thread.
 *
 * <pre>{@code
 * BbbServerSimulator bbb = new BbbServerSimulator(vertx, BbbSimulatorConfig.builder("secret").build());
 * bbb.start().await();
 * String api = bbb.apiUrl();              // http://127.0.0.1:PORT/bigbluebutton/api
 * bbb.setFault(BbbFault.OFFLINE).await(); // connections refused until set back to NONE
 * }</pre>
 */
public final class BbbServerSimulator {
  private static final int REBIND_ATTEMPTS = 50;
  private static final long REBIND_PAUSE_MILLIS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(BbbServerSimulator.class);

  private final Vertx vertx;
  private final BbbSimulatorConfig config;
  private final ServerUrls urls;
  private final MeetingStore meetings = new MeetingStore();
  private final RecordingStore recordings = new RecordingStore();
  private final CallLog calls;
  private final Router router;

  private volatile BbbFault fault = BbbFault.NONE;
  private volatile Duration slowDelay;
  private volatile Consumer<String> voiceConferenceStarted = voiceBridge -> {};
  private volatile Consumer<String> voiceConferenceEnded = voiceBridge -> {};

  /** Guarded by this; changes run one after another through {@link #transitions}. */
  private HttpServer server;

  private int boundPort;
  private Future<Void> transitions = Future.succeededFuture();

  public BbbServerSimulator(Vertx vertx, BbbSimulatorConfig config) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.urls = new ServerUrls(config.host());
    this.calls = new CallLog(config.callLogCapacity());
    this.slowDelay = config.slowDelay();
    this.boundPort = config.port();
    ChecksumVerifier verifier =
        new ChecksumVerifier(config.secret(), config.allowedChecksumAlgorithms());
    MeetingRequestRules rules = new MeetingRequestRules(verifier, meetings);
    MeetingQueries queries = new MeetingQueries(meetings, rules);
    EndCall.MeetingEnder ender =
        new EndCall.MeetingEnder() {
          @Override
          public Optional<BbbMeeting> end(String meetingId) {
            return endMeeting(meetingId);
          }

          @Override
          public Optional<BbbMeeting> find(String meetingId) {
            return meetings.get(meetingId);
          }
        };
    ApiDispatcher dispatcher =
        new ApiDispatcher(
            new CreateCall(config, meetings, rules, this::voiceConferenceStarted),
            new JoinCall(meetings, rules, urls),
            new EndCall(queries, rules, ender),
            queries,
            new RecordingCalls(verifier, recordings, config.allowFetchAllRecordings()),
            config);
    this.router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    ApiHttpHandler api =
        new ApiHttpHandler(
            vertx,
            dispatcher,
            calls,
            () -> fault,
            config.responseDelay().toMillis(),
            () -> slowDelay.toMillis());
    router.route("/bigbluebutton/api").handler(api);
    router.route("/bigbluebutton/api/*").handler(api);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Starts listening; completes with this simulator once the port is bound. */
  public Future<BbbServerSimulator> start() {
    return transition(this::listen).map(this);
  }

  /** Stops listening and closes open connections, hung ones included. */
  public Future<Void> stop() {
    return transition(this::closeServer);
  }

  /** The bound port; before the first start, the configured one. */
  public synchronized int port() {
    return boundPort;
  }

  /** {@code http://host:port}. */
  public String serverUrl() {
    return urls.serverUrl();
  }

  /** {@code http://host:port/bigbluebutton/api}, the URL a BBB client is configured with. */
  public String apiUrl() {
    return urls.apiUrl();
  }

  public BbbSimulatorConfig config() {
    return config;
  }

  public String serverId() {
    return config.serverId();
  }

  // ---- faults -------------------------------------------------------------------------------

  /**
   * Switches the fault mode. Completes once it is in effect: for {@link BbbFault#OFFLINE} when the
   * port is closed, when leaving it once the port is bound again.
   */
  public Future<Void> setFault(BbbFault next) {
    Objects.requireNonNull(next, "fault");
    return transition(
        () -> {
          BbbFault previous = fault;
          fault = next;
          if (previous != next) {
            LOG.info("BBB simulator {} fault {} -> {}", config.serverId(), previous, next);
          }
          if (next == BbbFault.OFFLINE) {
            return closeServer();
          }
          return previous == BbbFault.OFFLINE
              ? listenAgain(REBIND_ATTEMPTS)
              : Future.succeededFuture();
        });
  }

  public BbbFault fault() {
    return fault;
  }

  /** Extra delay while {@link BbbFault#SLOW} is set. */
  public void setSlowDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("slow delay must not be negative, was " + delay);
    }
    slowDelay = delay;
  }

  // ---- voice coupling -----------------------------------------------------------------------

  /**
   * Hooks called with a meeting's voice bridge when create makes a new meeting and when a meeting
   * ends (end call, {@link #endMeeting}, {@link #expireMeeting}). They run on the event loop and
   * must not block; an exception they throw is logged and otherwise ignored.
   */
  public void onVoiceConference(Consumer<String> started, Consumer<String> ended) {
    voiceConferenceStarted = Objects.requireNonNull(started, "started");
    voiceConferenceEnded = Objects.requireNonNull(ended, "ended");
  }

  private void voiceConferenceStarted(String voiceBridge) {
    notifyHook(voiceConferenceStarted, voiceBridge, "start");
  }

  private void notifyHook(Consumer<String> hook, String voiceBridge, String what) {
    try {
      hook.accept(voiceBridge);
    } catch (RuntimeException e) {
      LOG.warn(
          "BBB simulator {}: voice conference {} hook failed for bridge {}",
          config.serverId(),
          what,
          voiceBridge,
          e);
    }
  }

  // ---- observation --------------------------------------------------------------------------

  /**
   * The most recent calls received (up to {@link BbbSimulatorConfig#callLogCapacity()}), oldest
   * first.
   */
  public List<BbbReceivedCall> calls() {
    return calls.all();
  }

  /** The received calls with this name, oldest first. */
  public List<BbbReceivedCall> calls(String call) {
    return calls.all().stream().filter(c -> c.call().equals(call)).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Meetings on this server, in creation order. */
  public List<BbbMeeting> meetings() {
    return meetings.all();
  }

  public Optional<BbbMeeting> meeting(String meetingId) {
    return meetings.get(meetingId);
  }

  // ---- driving meetings from a test ---------------------------------------------------------

  /**
   * Puts a user into a meeting as a join whose browser loaded the client would, without going
   * through HTTP (for load set-ups). Returns the internal user id.
   *
   * @throws IllegalArgumentException if the meeting does not exist or is full
   */
  public String addAttendee(String meetingId, String fullName, boolean moderator) {
    String internalUserId = "w_" + Tokens.alphanumeric(12, true);
    BbbAttendee attendee =
        new BbbAttendee(
            internalUserId,
            internalUserId,
            fullName,
            moderator ? BbbAttendee.MODERATOR : BbbAttendee.VIEWER,
            false,
            false,
            false,
            0,
            Map.of());
    switch (meetings.join(meetingId, attendee)) {
      case NO_MEETING ->
          throw new IllegalArgumentException(
              "no meeting " + meetingId + " on " + config.serverId());
      case FULL -> throw new IllegalArgumentException("meeting " + meetingId + " is full");
      default -> {
        return internalUserId;
      }
    }
  }

  /** The user leaves; the meeting stops running when its last user has left. */
  public void removeAttendee(String meetingId, String internalUserId) {
    if (!meetings.removeAttendee(meetingId, internalUserId)) {
      throw noSuchAttendee(meetingId, internalUserId);
    }
  }

  public void setListeningOnly(String meetingId, String internalUserId, boolean listeningOnly) {
    updateAttendee(meetingId, internalUserId, a -> a.withListeningOnly(listeningOnly));
  }

  public void setVoiceJoined(String meetingId, String internalUserId, boolean voiceJoined) {
    updateAttendee(meetingId, internalUserId, a -> a.withVoiceJoined(voiceJoined));
  }

  /** Number of webcams the user shares; videoCount sums them. */
  public void setVideoStreams(String meetingId, String internalUserId, int streams) {
    if (streams < 0) {
      throw new IllegalArgumentException("streams must be >= 0, was " + streams);
    }
    updateAttendee(meetingId, internalUserId, a -> a.withVideoStreams(streams));
  }

  private void updateAttendee(
      String meetingId, String internalUserId, UnaryOperator<BbbAttendee> change) {
    if (!meetings.updateAttendee(meetingId, internalUserId, change)) {
      throw noSuchAttendee(meetingId, internalUserId);
    }
  }

  private IllegalArgumentException noSuchAttendee(String meetingId, String internalUserId) {
    return new IllegalArgumentException(
        "no attendee " + internalUserId + " in meeting " + meetingId + " on " + config.serverId());
  }

  /** Ends a meeting as a moderator's "end meeting" in the client would; empty if there was none. */
  public Optional<BbbMeeting> endMeeting(String meetingId) {
    Optional<BbbMeeting> ended = meetings.remove(meetingId);
    ended.ifPresent(m -> notifyHook(voiceConferenceEnded, m.voiceBridge(), "end"));
    return ended;
  }

  /**
   * Removes a meeting as bbb-web does when it expires (nobody joined within
   * meetingExpireIfNoUserJoinedInMinutes, or the last user left); the voice conference ends too.
   */
  public Optional<BbbMeeting> expireMeeting(String meetingId) {
    return endMeeting(meetingId);
  }

  // ---- recordings ---------------------------------------------------------------------------

  /** Adds or replaces a recording (by record id). */
  public void seedRecording(BbbRecording recording) {
    recordings.put(Objects.requireNonNull(recording, "recording"));
  }

  public List<BbbRecording> recordings() {
    return recordings.all();
  }

  public Optional<BbbRecording> recording(String recordId) {
    return recordings.get(recordId);
  }

  /** Forgets meetings, recordings and calls and clears the fault (the port stays as it is). */
  public Future<Void> reset() {
    meetings.clear();
    recordings.clear();
    calls.clear();
    return setFault(BbbFault.NONE);
  }

  // ---- server -------------------------------------------------------------------------------

  private synchronized Future<Void> transition(Supplier<Future<Void>> step) {
    Future<Void> next = transitions.transform(ignored -> step.get());
    transitions = next.otherwiseEmpty();
    return next;
  }

  /**
   * Binds the port it had before going offline, as a restarted server does. While it was closed, a
   * client socket of this machine may have been given that port as its ephemeral local port; it
   * frees it soon, so the bind is tried again for a while rather than failing the switch.
   */
  private Future<Void> listenAgain(int attemptsLeft) {
    return listen()
        .recover(
            e -> {
              if (attemptsLeft <= 1) {
                return Future.failedFuture(e);
              }
              LOG.info(
                  "BBB simulator {} rebinding port {}: {}",
                  config.serverId(),
                  port(),
                  e.toString());
              Promise<Void> retried = Promise.promise();
              vertx.setTimer(
                  REBIND_PAUSE_MILLIS, t -> listenAgain(attemptsLeft - 1).onComplete(retried));
              return retried.future();
            });
  }

  private Future<Void> listen() {
    synchronized (this) {
      if (server != null) {
        return Future.succeededFuture();
      }
    }
    // BBB answers through nginx, which speaks HTTP/1.1 and never takes an h2c upgrade (a Vert.x
    // server would, and a JDK client's upgraded connection then ends in GOAWAY or waits).
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(port())
            .setReuseAddress(true)
            .setHttp2ClearTextEnabled(false);
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen()
        .map(
            bound -> {
              synchronized (this) {
                server = bound;
                boundPort = bound.actualPort();
              }
              urls.port(bound.actualPort());
              LOG.info("BBB simulator {} listening on {}", config.serverId(), urls.apiUrl());
              return null;
            });
  }

  private Future<Void> closeServer() {
    HttpServer closing;
    synchronized (this) {
      closing = server;
      server = null;
    }
    if (closing == null) {
      return Future.succeededFuture();
    }
    return closing
        .close()
        .onSuccess(v -> LOG.info("BBB simulator {} stopped listening", config.serverId()));
  }
}
