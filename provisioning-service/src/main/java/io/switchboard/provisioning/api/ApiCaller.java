package io.switchboard.provisioning.api;

import io.vertx.ext.web.RoutingContext;

/** Who made a call, for the audit record of the change it makes. */
final class ApiCaller {
  /** The admin token's holder: an operator, not a directory user. */
  static final String ADMIN = "admin";

  private ApiCaller() {}

  /** Every route is behind the admin token (AdminTokenAuth) until HTTP Digest exists. */
  static String of(RoutingContext ctx) {
    return ADMIN;
  }
}
