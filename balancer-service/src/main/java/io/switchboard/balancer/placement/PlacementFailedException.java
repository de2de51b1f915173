package io.switchboard.balancer.placement;

/** No placement could be made; the message is fit for a client's internalError. */
public class PlacementFailedException extends RuntimeException {
  public PlacementFailedException(String message) {
    super(message, null, false, false);
  }
}
