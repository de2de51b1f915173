package io.switchboard.balancer.api;

import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.bbb.BbbDocument;
import io.switchboard.balancer.placement.MeetingClaims;
import io.switchboard.balancer.placement.PlacementFailedException;
import io.switchboard.balancer.placement.ServerTags;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.MeetingNamespace;
import io.switchboard.balancer.state.Server;
import io.switchboard.balancer.state.StateStore;
import io.switchboard.security.SecretSealer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The calls about one meeting: create (and move), join, end, isMeetingRunning, getMeetingInfo, and
 * the rejoin link. Each goes to the server that holds the meeting, signed with that server's
 * secret.
 */
public final class MeetingCalls {
  static final String JOIN_COOKIE = "switchboard_join";
  private static final String XML = "application/xml";
  private static final String NO_MEETING = "A meeting with that ID does not exist";

  private final ClusterState state;
  private final StateStore store;
  private final MeetingClaims claims;
  private final BbbClient bbb;
  private final boolean honourVoiceBridge;
  private final PlacementMetrics metrics;

  public MeetingCalls(
      StateStore store,
      MeetingClaims claims,
      BbbClient bbb,
      boolean honourVoiceBridge,
      PlacementMetrics metrics) {
    this.state = store.state();
    this.store = store;
    this.claims = claims;
    this.bbb = bbb;
    this.honourVoiceBridge = honourVoiceBridge;
    this.metrics = metrics;
  }

  Future<Answer> create(ApiCall call) {
    Optional<Answer> invalid = meetingIdProblem(call).or(() -> outOfScope(call));
    if (invalid.isPresent()) {
      return Future.succeededFuture(invalid.get());
    }
    String meetingId = call.param("meetingID");
    double load;
    try {
      load = call.has("load") ? Double.parseDouble(call.param("load")) : 1.0;
    } catch (NumberFormatException e) {
      return Future.succeededFuture(Answer.failed("validationError", "load must be a number"));
    }
    if (!(load > 0) || Double.isInfinite(load)) {
      return Future.succeededFuture(Answer.failed("validationError", "load must be positive"));
    }
    Optional<Meeting> existing = state.meeting(meetingId);
    Optional<Server> home =
        existing.flatMap(m -> state.server(m.serverId())).filter(Server::serving);
    if (home.isPresent()) {
      // Idempotent: a meeting stays where it runs; its server answers as BBB does for a repeat.
      metrics.placed("existing");
      return forwardCreate(call, existing.get(), home.get());
    }
    String clientBridge =
        honourVoiceBridge && call.has("voiceBridge") ? call.param("voiceBridge") : null;
    String sealed = state.seal(call.encodedWith("voiceBridge", clientBridge));
    return claims
        .place(
            new MeetingClaims.Request(
                meetingId,
                load,
                clientBridge,
                sealed,
                existing,
                Optional.empty(),
                ServerTags.parse(call.param(ServerTags.PARAM))))
        .compose(
            placed -> {
              metrics.placed(
                  placed.ours() ? (existing.isPresent() ? "replaced" : "new") : "adopted");
              Server server =
                  state
                      .server(placed.meeting().serverId())
                      .orElseThrow(
                          () ->
                              new PlacementFailedException(
                                  "server " + placed.meeting().serverId() + " left the pool"));
              return forwardCreate(call, placed.meeting(), server)
                  .compose(
                      answer -> endUnlessCreated(placed, answer),
                      e -> endUnlessCreated(placed, null).compose(v -> Future.failedFuture(e)));
            });
  }

  private Future<Answer> endUnlessCreated(MeetingClaims.Placed placed, Answer answer) {
    if (answer != null && answer.result().equals("success") || !placed.ours()) {
      return Future.succeededFuture(answer);
    }
    return claims.end(placed.meeting()).map(answer);
  }

  private Future<Answer> forwardCreate(ApiCall call, Meeting meeting, Server server) {
    String query = call.encodedWith("voiceBridge", meeting.record().voiceBridge());
    Buffer document = call.documentBody();
    return bbb.send(
            server,
            "create",
            query,
            document == null ? HttpMethod.GET : HttpMethod.POST,
            document,
            document == null ? null : call.contentType())
        .map(doc -> Answer.passThrough(doc.raw(), doc.success()));
  }

  /** move / moveMeeting: ends the meeting where it is and creates it on another server. */
  Future<Answer> move(ApiCall call) {
    Optional<Answer> invalid = meetingIdProblem(call);
    if (invalid.isPresent()) {
      return Future.succeededFuture(invalid.get());
    }
    return find(call)
        .compose(
            meeting ->
                meeting.isEmpty()
                    ? Future.succeededFuture(Answer.failed("notFound", NO_MEETING))
                    : move(call, meeting.get()));
  }

  private Future<Answer> move(ApiCall call, Meeting current) {
    Optional<String> target = Optional.ofNullable(call.param("serverID")).filter(s -> !s.isEmpty());
    if (target.isPresent() && target.get().equals(current.serverId())) {
      return Future.succeededFuture(
          Answer.failed("sameServer", "The meeting already runs on server " + target.get()));
    }
    String params = state.open(current.record().params());
    // Claimed first: when no server can take the meeting, it keeps running where it is. The
    // meeting keeps its voice bridge (a client's choice too), and leaves its old server only
    // once the new one has created it.
    return claims
        .place(
            new MeetingClaims.Request(
                current.meetingId(),
                current.record().load(),
                current.record().voiceBridge(),
                current.record().params(),
                Optional.of(current),
                target,
                ServerTags.parse(
                    ApiCall.parse(params).getOrDefault(ServerTags.PARAM, List.of("")).get(0))))
        .compose(
            placed -> {
              Server server = state.server(placed.meeting().serverId()).orElseThrow();
              ApiCall stored = ApiCall.of("create", HttpMethod.GET, params, null, null);
              return forwardCreate(stored, placed.meeting(), server)
                  .compose(
                      answer ->
                          answer.result().equals("success")
                              ? leave(current).map(answer)
                              : stay(current, placed).map(answer),
                      e -> stay(current, placed).compose(v -> Future.failedFuture(e)));
            });
  }

  /** The move worked: the meeting ends on the server it left. */
  private Future<Void> leave(Meeting origin) {
    metrics.placed("moved");
    return state
        .server(origin.serverId())
        .filter(Server::isOnline)
        .map(server -> bbb.endQuietly(server, origin.meetingId()))
        .orElseGet(Future::succeededFuture)
        .mapEmpty();
  }

  /**
   * The new server did not create the meeting: it goes back to where it runs, or, when that server
   * can take it no more, its placement ends (as a failed create's does).
   */
  private Future<Void> stay(Meeting origin, MeetingClaims.Placed placed) {
    if (!placed.ours()) {
      return Future.succeededFuture();
    }
    boolean originTakesIt = state.server(origin.serverId()).filter(Server::placeable).isPresent();
    if (!originTakesIt) {
      return claims.end(placed.meeting());
    }
    return claims
        .place(
            new MeetingClaims.Request(
                origin.meetingId(),
                origin.record().load(),
                placed.meeting().record().voiceBridge(),
                origin.record().params(),
                Optional.of(placed.meeting()),
                Optional.of(origin.serverId()),
                ServerTags.UNTAGGED))
        .mapEmpty();
  }

  Future<Answer> join(ApiCall call) {
    Optional<Answer> invalid = meetingIdProblem(call);
    if (invalid.isPresent()) {
      return Future.succeededFuture(invalid.get());
    }
    return find(call)
        .compose(
            meeting ->
                meeting.isEmpty()
                    ? Future.succeededFuture(Answer.failed("invalidMeetingIdentifier", NO_MEETING))
                    : join(call, meeting.get()));
  }

  private Future<Answer> join(ApiCall call, Meeting meeting) {
    Optional<Server> server = state.server(meeting.serverId()).filter(Server::serving);
    if (server.isEmpty()) {
      return Future.succeededFuture(
          Answer.failed(
              "serverUnavailable",
              "The server this meeting runs on is not available; create the meeting again to move it"));
    }
    if (call.has("redirect") && !"true".equalsIgnoreCase(call.param("redirect"))) {
      return bbb.get(server.get(), "join", call.unsignedQuery())
          .map(doc -> Answer.passThrough(doc.raw(), doc.success()));
    }
    // The cookie holds the join as the server receives it (namespaced, after the join policy),
    // sealed: rejoin signs it for whichever server then holds the meeting, so it must be neither
    // readable (passwords) nor forgeable (a made-up join would be signed with a server's secret).
    String cookie =
        JOIN_COOKIE
            + "="
            + enc(state.seal(call.unsignedQuery()))
            + "; Path=/bigbluebutton/api; HttpOnly; SameSite=Lax";
    return Future.succeededFuture(
        Answer.redirect(BbbClient.signedUrl(server.get(), "join", call.unsignedQuery()), cookie));
  }

  /**
   * Sends a user whose meeting moved to its new server with their last join of this meeting, for
   * tenants and rewritten joins alike (the balancer's checksum is not needed again).
   */
  Answer rejoin(String internalId, Cookie cookie) {
    Optional<Meeting> meeting =
        internalId == null ? Optional.empty() : state.meetingByInternalId(internalId);
    if (meeting.isEmpty()) {
      return Answer.failed("notFound", NO_MEETING);
    }
    String meetingId = meeting.get().meetingId();
    Optional<String> join =
        joinOf(cookie)
            .filter(
                q ->
                    meetingId.equals(
                        ApiCall.parse(q).getOrDefault("meetingID", List.of("")).get(0)));
    if (join.isEmpty()) {
      return Answer.failed(
          "noJoinLink", "No join link for this meeting in this browser; join again");
    }
    Optional<Server> server = state.server(meeting.get().serverId()).filter(Server::serving);
    if (server.isEmpty()) {
      return Answer.failed(
          "serverUnavailable", "The server this meeting runs on is not available; try again");
    }
    return Answer.redirect(BbbClient.signedUrl(server.get(), "join", join.get()), null);
  }

  /** The join a cookie sealed; none when it was forged, or sealed under a retired state key. */
  private Optional<String> joinOf(Cookie cookie) {
    if (cookie == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(state.open(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8)));
    } catch (SecretSealer.SealException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  Future<Answer> end(ApiCall call) {
    return proxied(call, "end", Answer.failed("notFound", NO_MEETING));
  }

  Future<Answer> getMeetingInfo(ApiCall call) {
    return proxied(call, "getMeetingInfo", Answer.failed("notFound", NO_MEETING));
  }

  Future<Answer> isMeetingRunning(ApiCall call) {
    return proxied(
        call,
        "isMeetingRunning",
        Answer.xml(
            new Xml()
                .open("response")
                .element("returncode", "SUCCESS")
                .element("running", false)
                .close("response")
                .toString()));
  }

  /**
   * Passes a call to the meeting's server; {@code unknown} answers for a meeting the pool does not
   * hold.
   */
  private Future<Answer> proxied(ApiCall call, String name, Answer unknown) {
    Optional<Answer> invalid = meetingIdProblem(call);
    if (invalid.isPresent()) {
      return Future.succeededFuture(invalid.get());
    }
    return find(call).compose(meeting -> proxied(call, name, unknown, meeting));
  }

  private Future<Answer> proxied(
      ApiCall call, String name, Answer unknown, Optional<Meeting> meeting) {
    if (meeting.isEmpty()) {
      return Future.succeededFuture(unknown);
    }
    Optional<Server> server = state.server(meeting.get().serverId()).filter(Server::isOnline);
    if (server.isEmpty()) {
      return unreachable(name, meeting.get(), unknown);
    }
    Future<BbbDocument> answer =
        call.formBody()
            ? bbb.send(
                server.get(),
                name,
                call.unsignedQuery(),
                HttpMethod.POST,
                call.formWithoutChecksum(),
                ApiCall.FORM)
            : bbb.get(server.get(), name, call.unsignedQuery());
    return answer.compose(
        doc -> {
          Answer passed = Answer.passThrough(doc.raw(), doc.success());
          // A server that no longer knows the meeting has ended it too.
          if (name.equals("end")
              && (doc.success() || doc.messageKey().filter("notFound"::equals).isPresent())) {
            return claims.end(meeting.get()).map(passed);
          }
          return Future.succeededFuture(passed);
        });
  }

  /**
   * insertDocument (BBB 2.5+, POST only): the XML document goes as it came to the server that holds
   * the meeting. Checked as bbb-web's InsertDocument request is: a valid meetingID, a body only as
   * application/xml (InsertDocument.getSupportedContentTypes), and a meeting that exists, else
   * ApiController.insertDocument's "Meeting with id [..] not found." answer.
   */
  Future<Answer> insertDocument(ApiCall call) {
    Optional<Answer> invalid = meetingIdProblem(call);
    if (invalid.isPresent()) {
      return Future.succeededFuture(invalid.get());
    }
    Buffer document = call.documentBody();
    if (call.body() != null && call.body().length() > 0 && !XML.equals(call.contentType())) {
      return Future.succeededFuture(
          Answer.failed(
              "unsupportedContentType", "POST request Content-Type is missing or unsupported"));
    }
    String meetingId = call.param("meetingID");
    return find(call)
        .compose(
            meeting -> {
              Optional<Server> server =
                  meeting.flatMap(m -> state.server(m.serverId())).filter(Server::isOnline);
              if (meeting.isEmpty()) {
                return Future.succeededFuture(
                    Answer.message("notFound", "Meeting with id [" + meetingId + "] not found."));
              }
              if (server.isEmpty()) {
                return Future.succeededFuture(
                    Answer.failed(
                        "serverUnavailable", "The server this meeting runs on does not answer"));
              }
              return bbb.send(
                      server.get(),
                      "insertDocument",
                      call.unsignedQuery(),
                      HttpMethod.POST,
                      document,
                      document == null ? null : XML)
                  .map(doc -> Answer.passThrough(doc.raw(), doc.success()));
            });
  }

  /**
   * A known meeting whose server is offline or gone: ending it forgets it (it ends with its
   * server), its info is unavailable, and it does not run.
   */
  private Future<Answer> unreachable(String name, Meeting meeting, Answer unknown) {
    Answer unavailable =
        Answer.failed("serverUnavailable", "The server this meeting runs on does not answer");
    return switch (name) {
      case "end" ->
          claims
              .end(meeting)
              .map(
                  Answer.failed(
                      "serverUnavailable",
                      "The server this meeting runs on does not answer; the balancer has forgotten the meeting"));
      case "getMeetingInfo" -> Future.succeededFuture(unavailable);
      default -> Future.succeededFuture(unknown);
    };
  }

  /** BBB's MeetingIDConstraint: present, 2..256 characters, no comma. */
  /**
   * The meeting the call names, if the pool holds it and the call may reach it: a meeting outside
   * the call's scope (another tenant's, or a tenant's asked with the balancer's own secret) is as
   * unknown as one that never ran.
   */
  private Future<Optional<Meeting>> find(ApiCall call) {
    String meetingId = call.param("meetingID");
    if (!call.owns(meetingId)) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.findMeeting(meetingId);
  }

  /**
   * A create of an ID the call may not reach: a tenant's namespaced ID under the balancer's own
   * secret, once tenants exist.
   */
  private static Optional<Answer> outOfScope(ApiCall call) {
    String meetingId = call.param("meetingID");
    if (call.owns(meetingId)) {
      return Optional.empty();
    }
    return Optional.of(
        Answer.failed(
            "validationError",
            "Meeting ID cannot start with '"
                + MeetingNamespace.of(meetingId)
                + MeetingNamespace.SEPARATOR
                + "': that form is kept for the meetings of tenants"));
  }

  private static Optional<Answer> meetingIdProblem(ApiCall call) {
    String id = call.param("meetingID");
    if (id == null || id.isEmpty()) {
      return Optional.of(Answer.failed("missingParamMeetingID", "You must provide a meeting ID"));
    }
    if (id.length() < 2 || id.length() > 256) {
      return Optional.of(
          Answer.failed("validationError", "Meeting ID must be between 2 and 256 characters"));
    }
    if (id.indexOf(',') >= 0) {
      return Optional.of(Answer.failed("validationError", "Meeting ID cannot contain ','"));
    }
    return Optional.empty();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
