package io.switchboard.registration.node;

import io.switchboard.registration.gateway.GatewayRenderer.RoomGateway;

/**
 * A gateway a node should have: the rendered file, the room generation it belongs to, and when the
 * room's conference-create arrived (for the create-to-file-written timing; -1 for a renewal, which
 * is not timed).
 */
public record NodeWork(String node, RoomGateway gateway, long generation, long createdAt) {
  /** The key of the room on its node. */
  public String key() {
    return node + "/" + gateway.room();
  }
}
