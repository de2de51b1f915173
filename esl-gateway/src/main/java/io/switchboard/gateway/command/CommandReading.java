package io.switchboard.gateway.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bus.Command;
import io.switchboard.bus.Json;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * One record of {@code fs.commands} as far as it can be read: a command; or a malformed one whose
 * id can still be read, which is answered {@code rejected} under that id; or one without a readable
 * id, which nobody can be answered about.
 */
sealed interface CommandReading {
  /** A well-typed command (its content may still be wrong: see {@link Command#problems()}). */
  record Readable(Command command) implements CommandReading {}

  /** An object with a text {@code id} whose other fields do not fit the envelope. */
  record Malformed(String id, String node, String problem) implements CommandReading {}

  /** Not JSON, not an object, or without a text {@code id}. */
  record Unreadable(String problem) implements CommandReading {}

  static CommandReading of(byte[] value) {
    if (value == null) {
      return new Unreadable("the record has no value");
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(value);
    } catch (IOException e) {
      return new Unreadable(
          "not JSON: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      return new Unreadable("not a JSON object");
    }
    JsonNode id = tree.get("id");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      return new Unreadable("no text id");
    }
    JsonNode node = tree.get("node");
    try {
      return new Readable(Json.MAPPER.treeToValue(tree, Command.class));
    } catch (JsonProcessingException e) {
      return new Malformed(
          id.asText(), node != null && node.isTextual() ? node.asText() : null, describe(e));
    }
  }

  /** Names the field, and says what was wrong with it in Jackson's words or the envelope's own. */
  private static String describe(JsonProcessingException e) {
    String field =
        e instanceof JsonMappingException m && !m.getPath().isEmpty()
            ? m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
            : null;
    Throwable cause = e.getCause();
    String why =
        cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
    return field == null ? why : "field '" + field + "': " + why;
  }
}
