package io.switchboard.balancer.tenant;

import io.switchboard.balancer.security.ApiChecksum;
import io.switchboard.balancer.security.ChecksumAlgorithm;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One customer of the pool with its own front end: chosen by the first label of the request's host
 * name (as Scalelite does with MULTITENANCY_ENABLED) or by its own path prefix, signing with its
 * own secrets. Its meeting IDs travel to the BBB servers and onto {@code bbb.meetings} as {@code
 * <id>~<meetingID>}, so two tenants may use the same meetingID and no guess reaches another's.
 *
 * @param id lower-case letters, digits and '-': the host label and the namespace
 * @param pathPrefix {@code /acme} serves this tenant under {@code /acme/bigbluebutton/api}, or
 *     empty
 * @param secrets every one valid until its {@code validUntil} (rotation: old and new overlap)
 * @param algorithms the checksum algorithms this tenant may sign with
 * @param policy its parameter policies and limits, over the global ones
 */
public record Tenant(
    String id,
    Optional<String> pathPrefix,
    List<Secret> secrets,
    Set<ChecksumAlgorithm> algorithms,
    Policy policy) {

  /** Tenant ids: what a host label and a BBB meetingID can both carry. */
  public static final String ID_PATTERN = "[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?";

  /** A secret, valid until {@code validUntil} (exclusive), or for ever when it is null. */
  public record Secret(String value, Instant validUntil) {
    boolean validAt(Instant now) {
      return validUntil == null || now.isBefore(validUntil);
    }
  }

  public Tenant {
    secrets = List.copyOf(secrets);
    algorithms = Set.copyOf(algorithms);
  }

  /** The prefix every meeting ID of this tenant carries on the BBB servers. */
  public String namespace() {
    return id + "~";
  }

  /** The checksum check with the secrets valid at {@code now}. */
  public ApiChecksum checksum(Instant now) {
    return new ApiChecksum(
        secrets.stream().filter(s -> s.validAt(now)).map(Secret::value).toList(), algorithms);
  }
}
