package io.switchboard.balancer.tenant;

import java.util.Set;

/**
 * The rules a front end's calls pass through: parameter policies for create and join, the longest
 * meeting (BBB's {@code duration}, minutes), and B3LB's limits on a tenant's meetings and attendees
 * at once. Zero means no limit. {@code serverTags} ties a tenant to its servers: its meetings go
 * only to servers with one of these tags (empty: any server, by {@code meta_server-tag}).
 */
public record Policy(
    ParamPolicy create,
    ParamPolicy join,
    int maxDurationMinutes,
    int meetingLimit,
    int attendeeLimit,
    Set<String> serverTags) {

  public static final Policy NONE =
      new Policy(ParamPolicy.NONE, ParamPolicy.NONE, 0, 0, 0, Set.of());

  public Policy {
    serverTags = Set.copyOf(serverTags);
  }

  /**
   * The global policy refined by a tenant's: parameters layered (the tenant's win), the shorter
   * maximum duration, the tenant's limits and servers.
   */
  public Policy then(Policy tenant) {
    return new Policy(
        create.then(tenant.create),
        join.then(tenant.join),
        shorter(maxDurationMinutes, tenant.maxDurationMinutes),
        tenant.meetingLimit,
        tenant.attendeeLimit,
        tenant.serverTags);
  }

  private static int shorter(int a, int b) {
    return a == 0 ? b : b == 0 ? a : Math.min(a, b);
  }
}
