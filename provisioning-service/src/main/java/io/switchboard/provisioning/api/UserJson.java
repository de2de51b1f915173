package io.switchboard.provisioning.api;

import io.switchboard.provisioning.folder.DirectoryUser;
import io.vertx.core.json.JsonObject;

/** A user in the connector's JSON shape; the password only for an admin. */
final class UserJson {
  private UserJson() {}

  static JsonObject of(DirectoryUser user, boolean admin) {
    JsonObject json = new JsonObject().put("id", user.id());
    if (admin) {
      json.put("password", user.password());
    }
    return json.put("conpin", user.conpin())
        .put("context", user.context())
        .put("name", user.name())
        .put("email", user.email())
        .put("polymac", user.polymac());
  }
}
