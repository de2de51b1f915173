package io.switchboard.balancer.tenant;

import io.switchboard.balancer.state.Meeting;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each tenant's running meetings and their participants as last polled: what its limits are held
 * against, what getStatistics lists and what the per-tenant gauges show.
 */
public record TenantTotals(long meetings, long participants) {

  /** Per tenant id, in one pass over the meetings; a tenant without meetings has zeros. */
  public static Map<String, TenantTotals> of(Tenants tenants, Collection<Meeting> meetings) {
    Map<String, long[]> sums = new LinkedHashMap<>();
    tenants.all().forEach(t -> sums.put(t.id(), new long[2]));
    for (Meeting m : meetings) {
      int tilde = m.meetingId().indexOf('~');
      long[] sum = tilde < 0 ? null : sums.get(m.meetingId().substring(0, tilde));
      if (sum != null) {
        sum[0]++;
        sum[1] += m.counts().participants();
      }
    }
    Map<String, TenantTotals> out = new LinkedHashMap<>();
    sums.forEach((id, s) -> out.put(id, new TenantTotals(s[0], s[1])));
    return out;
  }
}
