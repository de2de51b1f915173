package io.switchboard.balancer.api;

import io.switchboard.balancer.state.MeetingNamespace;

/**
 * The meetings (and recordings) one call may reach. A tenant's call reaches the IDs carrying its
 * namespace; a call signed with the balancer's own secret reaches every ID while no tenant is
 * configured (nothing changes for a pool without tenants), and once tenants exist only the IDs of
 * no tenant: the balancer's own front end is one namespace among others, and the operator sees the
 * whole pool through the admin API.
 *
 * @param namespace {@code <tenant>~}, or empty for the balancer's own secret
 * @param apartFromTenants for the balancer's own secret: tenants exist, their IDs are out of reach
 */
record Scope(String namespace, boolean apartFromTenants) {
  /** The balancer's own secret on a pool without tenants: every meeting, as before tenants. */
  static final Scope WHOLE_POOL = new Scope("", false);

  /** The balancer's own secret beside tenants. */
  static final Scope UNTENANTED = new Scope("", true);

  static Scope tenant(String namespace) {
    return new Scope(namespace, false);
  }

  /** True for a meeting ID as the servers know it that this call may reach. */
  boolean owns(String serverMeetingId) {
    if (serverMeetingId == null) {
      return false;
    }
    if (!namespace.isEmpty()) {
      return serverMeetingId.startsWith(namespace);
    }
    return !apartFromTenants || !MeetingNamespace.isTenants(serverMeetingId);
  }

  /** False only where the call reaches everything (a pool without tenants). */
  boolean restricted() {
    return !namespace.isEmpty() || apartFromTenants;
  }

  /** The key of this call's figures in the state's tally. */
  String tallyKey() {
    return namespace.isEmpty()
        ? MeetingNamespace.UNTENANTED
        : namespace.substring(0, namespace.length() - 1);
  }
}
