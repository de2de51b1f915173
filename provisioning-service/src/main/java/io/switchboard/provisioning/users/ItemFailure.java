package io.switchboard.provisioning.users;

import io.vertx.core.json.JsonObject;

/**
 * An item of a batch that was not done, and why (naming the field).
 *
 * @param conflict whether it clashes with the state (a name taken, a full range): a 409 when no
 *     item of the batch was done
 */
public record ItemFailure(JsonObject item, String error, boolean conflict) {}
