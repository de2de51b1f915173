package io.switchboard.balancer.tenant;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A secret rotation without downtime: the new secret is valid at once and for ever; every secret
 * still valid stays valid until the overlap ends (or its own earlier end), so front ends can move
 * to the new one meanwhile; secrets already expired are dropped.
 */
final class SecretRotation {
  private SecretRotation() {}

  static JsonArray rotate(JsonArray secrets, String fresh, Instant now, Instant overlapEnds) {
    JsonArray out = new JsonArray().add(new JsonObject().put("secret", fresh));
    for (int i = 0; i < secrets.size(); i++) {
      JsonObject s = secrets.getJsonObject(i).copy();
      String until = s.getString("validUntil");
      Instant end = until == null ? overlapEnds : Instant.parse(until);
      if (end.isAfter(now) && !s.getString("secret", "").equals(fresh)) {
        s.put("validUntil", (end.isBefore(overlapEnds) ? end : overlapEnds).toString());
        out.add(s);
      }
    }
    return out;
  }
}
