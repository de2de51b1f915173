package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ApiChecksum;
import java.time.Instant;

/**
 * What one tenant's calls are checked and shaped by: its checksum check with the secrets valid now
 * and its policy over the global one. Built once per tenant and kept until the tenant changes or
 * one of its secrets expires, instead of on every call.
 *
 * @param until the earliest end of validity among the secrets this check holds (exclusive)
 */
public record TenantRules(
    Tenant tenant, Policy policy, ApiChecksum checksum, Instant from, Instant until) {

  static TenantRules of(Tenant tenant, Policy global, Instant now) {
    Instant until = Instant.MAX;
    for (Tenant.Secret s : tenant.secrets()) {
      if (s.validAt(now) && s.validUntil() != null && s.validUntil().isBefore(until)) {
        until = s.validUntil();
      }
    }
    return new TenantRules(tenant, global.then(tenant.policy()), tenant.checksum(now), now, until);
  }

  /** True while these rules are {@code tenant}'s at {@code now}. */
  boolean holdFor(Tenant tenant, Instant now) {
    return this.tenant == tenant && !now.isBefore(from) && now.isBefore(until);
  }
}
