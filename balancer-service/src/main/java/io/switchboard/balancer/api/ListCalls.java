package io.switchboard.balancer.api;

import io.switchboard.balancer.bbb.BbbClient;
import io.switchboard.balancer.bbb.BbbDocument;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.state.NamespaceTally;
import io.switchboard.balancer.state.Server;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The calls that span the pool: getMeetings and getRecordings merge every online server's answer (a
 * server that fails is left out and logged), the recording changes go to the servers holding the
 * recordings, and getStatistics lists each server with its meetings.
 */
public final class ListCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ListCalls.class);

  private final Vertx vertx;
  private final ClusterState state;
  private final BbbClient bbb;

  public ListCalls(Vertx vertx, ClusterState state, BbbClient bbb) {
    this.vertx = vertx;
    this.state = state;
    this.bbb = bbb;
  }

  private List<Server> online() {
    return state.servers().stream()
        .filter(Server::isOnline)
        .sorted(Comparator.comparing(Server::id))
        .toList();
  }

  /** Asks every online server; each answer or null (failed, logged), in server order. */
  private Future<List<BbbDocument>> everyServer(String call, String query) {
    List<Future<BbbDocument>> asked = new ArrayList<>();
    for (Server s : online()) {
      asked.add(
          bbb.get(s, call, query)
              .otherwise(
                  e -> {
                    LOG.warn("{}: left out of the merged answer: {}", call, e.getMessage());
                    return null;
                  }));
    }
    return Future.all(asked).map(all -> asked.stream().map(Future::result).toList());
  }

  /**
   * Every server's answer, merged by {@code merge} on a worker: a busy pool's meetings or
   * recordings, serialised back to XML and joined, are megabytes the event loop must not build.
   */
  private Future<Answer> mergeEveryServer(
      String call, String query, Function<List<BbbDocument>, Answer> merge) {
    return everyServer(call, query)
        .compose(docs -> vertx.executeBlocking(() -> merge.apply(docs), false));
  }

  Future<Answer> getMeetings(ApiCall call) {
    return mergeEveryServer(
        "getMeetings",
        "",
        docs -> {
          Xml x = new Xml().open("response").element("returncode", "SUCCESS");
          List<Element> meetings =
              docs.stream()
                  .filter(d -> d != null && d.success())
                  .flatMap(d -> d.items("meetings", "meeting").stream())
                  .filter(m -> call.owns(BbbDocument.field(m, "meetingID")))
                  .toList();
          if (meetings.isEmpty()) {
            x.raw("<meetings/>")
                .element("messageKey", "noMeetings")
                .element("message", "no meetings were found on this server");
          } else {
            x.open("meetings");
            meetings.forEach(m -> x.raw(BbbDocument.serialise(m)));
            x.close("meetings");
          }
          return Answer.xml(x.close("response").toString());
        });
  }

  /** getStatistics / getServers: every server with its meetings' participant figures. */
  Future<Answer> getStatistics(ApiCall call) {
    Xml x = new Xml().open("response").element("returncode", "SUCCESS").open("servers");
    state.servers().stream()
        .sorted(Comparator.comparing(Server::id))
        .forEach(
            s -> {
              x.open("server")
                  .element("serverID", s.id())
                  .element("state", s.record().state().name().toLowerCase())
                  .element("online", s.isOnline())
                  .open("meetings");
              for (Meeting m : state.meetingsOn(s.id())) {
                if (!call.owns(m.meetingId())) {
                  continue;
                }
                Meeting.Counts c = m.counts();
                x.open("meeting")
                    .element("meetingID", m.meetingId())
                    .element("participantCount", c.participants())
                    .element("listenerCount", c.listeners())
                    .element("voiceParticipantCount", c.voiceParticipants())
                    .element("videoCount", c.video())
                    .close("meeting");
              }
              x.close("meetings").close("server");
            });
    x.close("servers");
    if (!call.namespace().isEmpty()) {
      tenantTotals(x, call);
    }
    return Future.succeededFuture(Answer.xml(x.close("response").toString()));
  }

  /**
   * The tenant's own meetings and participants at once, the figures its limits are held against.
   * The balancer's own secret sees no tenant's line (the operator finds them all in GET
   * /admin/tenants).
   */
  private void tenantTotals(Xml x, ApiCall call) {
    NamespaceTally.Totals totals = state.tally().of(call.scope().tallyKey());
    x.open("tenants")
        .open("tenant")
        .element("tenantID", call.scope().tallyKey())
        .element("meetingCount", totals.meetings())
        .element("participantCount", totals.participants())
        .close("tenant")
        .close("tenants");
  }

  /** Merges every server's recordings, then applies offset and limit to the merged list. */
  Future<Answer> getRecordings(ApiCall call) {
    int offset = intParam(call, "offset", 0);
    int limit = intParam(call, "limit", Integer.MAX_VALUE);
    return mergeEveryServer(
        "getRecordings",
        call.encodedWithout(Set.of("offset", "limit")).toString(),
        docs -> {
          List<Element> all =
              docs.stream()
                  .filter(d -> d != null && d.success())
                  .flatMap(d -> d.items("recordings", "recording").stream())
                  .filter(r -> call.owns(BbbDocument.field(r, "meetingID")))
                  .toList();
          Xml x = new Xml().open("response").element("returncode", "SUCCESS");
          List<Element> page =
              all.stream().skip(Math.max(0, offset)).limit(Math.max(0, limit)).toList();
          if (page.isEmpty()) {
            x.raw("<recordings/>")
                .element("messageKey", "noRecordings")
                .element("message", "There are no recordings for the meeting(s).");
          } else {
            x.open("recordings");
            page.forEach(r -> x.raw(BbbDocument.serialise(r)));
            x.close("recordings");
          }
          return Answer.xml(x.close("response").toString());
        });
  }

  private static int intParam(ApiCall call, String name, int fallback) {
    try {
      return call.has(name) ? Integer.parseInt(call.param(name)) : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  Future<Answer> publishRecordings(ApiCall call) {
    return toHolders(call, "publishRecordings");
  }

  Future<Answer> updateRecordings(ApiCall call) {
    return toHolders(call, "updateRecordings");
  }

  Future<Answer> deleteRecordings(ApiCall call) {
    return toHolders(call, "deleteRecordings");
  }

  /** The requested recordIDs that {@code doc} lists and the call's tenant owns. */
  private static List<String> held(BbbDocument doc, Set<String> ids, ApiCall call) {
    if (doc == null) {
      return List.of();
    }
    return doc.items("recordings", "recording").stream()
        .filter(r -> ids.contains(BbbDocument.field(r, "recordID")))
        .filter(r -> call.owns(BbbDocument.field(r, "meetingID")))
        .map(r -> BbbDocument.field(r, "recordID"))
        .toList();
  }

  /**
   * The call as it came (a pool without tenants), or with only the recordIDs the call may reach on
   * that server: another tenant's recording named beside one's own is never touched.
   */
  private Future<BbbDocument> sendTo(Server server, String name, ApiCall call, List<String> held) {
    if (call.scope().restricted()) {
      return bbb.get(server, name, call.encodedWith("recordID", String.join(",", held)));
    }
    return bbb.send(
        server,
        name,
        call.unsignedQuery(),
        call.method(),
        call.formBody() ? call.formWithoutChecksum() : null,
        call.formBody() ? ApiCall.FORM : null);
  }

  /**
   * Finds the servers that hold any of the recordIDs (asking each with getRecordings) and sends the
   * call to each of them; answers with the first holder's answer.
   */
  private Future<Answer> toHolders(ApiCall call, String name) {
    if (!call.has("recordID")) {
      return Future.succeededFuture(
          Answer.failed("missingParamRecordID", "You must specify a recordID."));
    }
    Set<String> ids = Set.of(call.param("recordID").split(","));
    String lookup = "recordID=" + MeetingCalls.enc(call.param("recordID"));
    List<Server> servers = online();
    List<Future<BbbDocument>> asked =
        servers.stream()
            .map(s -> bbb.get(s, "getRecordings", lookup).otherwise((BbbDocument) null))
            .toList();
    return Future.all(asked)
        .compose(
            all -> {
              List<Future<BbbDocument>> sent = new ArrayList<>();
              for (int i = 0; i < servers.size(); i++) {
                List<String> held = held(asked.get(i).result(), ids, call);
                if (!held.isEmpty()) {
                  sent.add(sendTo(servers.get(i), name, call, held));
                }
              }
              if (sent.isEmpty()) {
                return Future.succeededFuture(
                    Answer.failed("notFound", "We could not find recordings"));
              }
              return Future.all(sent)
                  .map(
                      done -> {
                        BbbDocument first = sent.get(0).result();
                        return Answer.passThrough(first.raw(), first.success());
                      });
            });
  }
}
