package io.switchboard.balancer.placement;

/** A required server tag ({@code meta_server-tag=...!}) that no placeable server carries. */
public final class ServerTagUnavailableException extends PlacementFailedException {
  public ServerTagUnavailableException(String message) {
    super(message);
  }
}
