package io.switchboard.balancer.api;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.NamespaceTally;
import io.switchboard.balancer.tenant.Policy;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * B3LB's per-tenant limits: a create of a new meeting is refused once the tenant runs {@code
 * meetingLimit} meetings, a join once its meetings hold {@code attendeeLimit} participants (as last
 * polled). The refusal is a BBB FAILED answer whose key names the limit. A tenant tied to server
 * tags cannot move a meeting onto a server without one of them.
 *
 * <p>The figures are the state's tally (kept as meetings come and go, never counted per call). A
 * create admitted here counts against its tenant from the moment it is admitted until its meeting
 * is in the state or the create failed, so creates arriving together cannot all slip under the
 * limit.
 */
public final class TenantLimits {
  private final ClusterState state;

  /** Per tally key, the meetingIDs of creates admitted and not finished, each with its count. */
  private final Map<String, Map<String, Integer>> admitted = new ConcurrentHashMap<>();

  public TenantLimits(ClusterState state) {
    this.state = state;
  }

  /** {@code call} carried out by {@code carryOut}, or its refusal by a limit. */
  Future<Answer> admit(
      String call, ApiCall scoped, Policy policy, Supplier<Future<Answer>> carryOut) {
    if (call.equals("create") && policy.meetingLimit() > 0 && scoped.has("meetingID")) {
      return admitCreate(scoped, policy.meetingLimit(), carryOut);
    }
    if (call.equals("join")
        && policy.attendeeLimit() > 0
        && tally(scoped).participants() >= policy.attendeeLimit()) {
      return refused(
          "attendeeLimitReached",
          "The limit of "
              + policy.attendeeLimit()
              + " attendees at once (attendeeLimit) is reached");
    }
    if (call.startsWith("move")
        && !policy.serverTags().isEmpty()
        && scoped.has("serverID")
        && !state
            .server(scoped.param("serverID"))
            .map(s -> s.record().tag() != null && policy.serverTags().contains(s.record().tag()))
            .orElse(false)) {
      return refused(
          "serverTagUnavailable",
          "Server " + scoped.param("serverID") + " carries none of this tenant's tags");
    }
    return carryOut.get();
  }

  private Future<Answer> admitCreate(ApiCall scoped, int limit, Supplier<Future<Answer>> carryOut) {
    String meetingId = scoped.param("meetingID");
    if (state.meeting(meetingId).isPresent()) {
      // A repeated create of a running meeting adds nothing.
      return carryOut.get();
    }
    String key = scoped.scope().tallyKey();
    Map<String, Integer> inFlight = admitted.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    if (!inFlight.containsKey(meetingId)
        && tally(scoped).meetings() + notYetInState(inFlight) >= limit) {
      return refused(
          "meetingLimitReached",
          "The limit of " + limit + " meetings at once (meetingLimit) is reached");
    }
    inFlight.merge(meetingId, 1, Integer::sum);
    Future<Answer> answer;
    try {
      answer = carryOut.get();
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.onComplete(
        done -> inFlight.computeIfPresent(meetingId, (k, n) -> n == 1 ? null : n - 1));
  }

  /** Admitted creates whose meeting the state does not hold yet (the others are in the tally). */
  private long notYetInState(Map<String, Integer> inFlight) {
    return inFlight.keySet().stream().filter(m -> state.meeting(m).isEmpty()).count();
  }

  private NamespaceTally.Totals tally(ApiCall scoped) {
    return state.tally().of(scoped.scope().tallyKey());
  }

  private static Future<Answer> refused(String key, String message) {
    return Future.succeededFuture(Answer.failed(key, message));
  }
}
