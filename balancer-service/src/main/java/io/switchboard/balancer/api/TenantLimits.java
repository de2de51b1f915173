package io.switchboard.balancer.api;

import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.Meeting;
import io.switchboard.balancer.tenant.Policy;
import java.util.Optional;

/**
 * B3LB's per-tenant limits: a create of a new meeting is refused once the tenant runs {@code
 * meetingLimit} meetings, a join once its meetings hold {@code attendeeLimit} participants (as last
 * polled). The refusal is a BBB FAILED answer whose key names the limit. A tenant tied to server
 * tags cannot move a meeting onto a server without one of them.
 */
public final class TenantLimits {
  private final ClusterState state;

  public TenantLimits(ClusterState state) {
    this.state = state;
  }

  Optional<Answer> refusal(String call, ApiCall scoped, Policy policy) {
    if (call.equals("create")
        && policy.meetingLimit() > 0
        && scoped.has("meetingID")
        && state.meeting(scoped.param("meetingID")).isEmpty()
        && meetings(scoped) >= policy.meetingLimit()) {
      return Optional.of(
          Answer.failed(
              "meetingLimitReached",
              "The limit of "
                  + policy.meetingLimit()
                  + " meetings at once (meetingLimit) is reached"));
    }
    if (call.equals("join")
        && policy.attendeeLimit() > 0
        && attendees(scoped) >= policy.attendeeLimit()) {
      return Optional.of(
          Answer.failed(
              "attendeeLimitReached",
              "The limit of "
                  + policy.attendeeLimit()
                  + " attendees at once (attendeeLimit) is reached"));
    }
    if (call.startsWith("move")
        && !policy.serverTags().isEmpty()
        && scoped.has("serverID")
        && !state
            .server(scoped.param("serverID"))
            .map(s -> s.record().tag() != null && policy.serverTags().contains(s.record().tag()))
            .orElse(false)) {
      return Optional.of(
          Answer.failed(
              "serverTagUnavailable",
              "Server " + scoped.param("serverID") + " carries none of this tenant's tags"));
    }
    return Optional.empty();
  }

  private long meetings(ApiCall scoped) {
    return state.meetings().stream().filter(m -> scoped.owns(m.meetingId())).count();
  }

  private long attendees(ApiCall scoped) {
    long sum = 0;
    for (Meeting m : state.meetings()) {
      if (scoped.owns(m.meetingId())) {
        sum += m.counts().participants();
      }
    }
    return sum;
  }
}
