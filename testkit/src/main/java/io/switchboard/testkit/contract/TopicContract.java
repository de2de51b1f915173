package io.switchboard.testkit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topic contract, docs/asyncapi.yaml, as a validator: tests check that what a service really
 * published matches the documented envelope of its topic, so the document cannot drift from the
 * code unnoticed.
 */
public final class TopicContract {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Validator>> validators;

  private TopicContract(Map<String, List<Validator>> validators) {
    this.validators = validators;
  }

  /** docs/asyncapi.yaml of this repository, found from the working directory upwards. */
  public static TopicContract load() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("docs").resolve("asyncapi.yaml");
      if (Files.isRegularFile(candidate)) {
        return load(candidate);
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
  }

  public static TopicContract load(Path asyncApi) {
    try {
      JsonNode root = YAML.readTree(asyncApi.toFile());
      Map<String, List<Validator>> byTopic = new LinkedHashMap<>();
      root.path("channels")
          .fields()
          .forEachRemaining(
              channel -> {
                String address = channel.getValue().path("address").asText(null);
                if (address == null) {
                  throw new IllegalStateException(
                      "channel " + channel.getKey() + " has no address");
                }
                List<Validator> list = new ArrayList<>();
                channel
                    .getValue()
                    .path("messages")
                    .forEach(
                        message -> {
                          JsonNode resolved = resolve(root, message);
                          JsonNode payload = resolve(root, resolved.path("payload"));
                          list.add(
                              Validator.create(
                                  JsonSchema.of(
                                      new JsonObject(JSON.convertValue(payload, Map.class))),
                                  new JsonSchemaOptions()
                                      .setDraft(Draft.DRAFT202012)
                                      .setBaseUri("https://switchboard.invalid/")));
                        });
                if (list.isEmpty()) {
                  throw new IllegalStateException("channel " + address + " documents no message");
                }
                byTopic.put(address, list);
              });
      return new TopicContract(byTopic);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + asyncApi, e);
    }
  }

  private static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    String pointer = ref.asText();
    if (!pointer.startsWith("#/")) {
      throw new IllegalStateException("only local references are supported: " + pointer);
    }
    JsonNode target = root.at(pointer.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalStateException("dangling reference " + pointer);
    }
    return resolve(root, target);
  }

  /** The documented topic names. */
  public Set<String> topics() {
    return validators.keySet();
  }

  /**
   * Checks one record value against its topic's documented message(s).
   *
   * @throws AssertionError naming the topic and what did not match
   */
  public void validate(String topic, byte[] value) {
    List<Validator> candidates = validators.get(topic);
    if (candidates == null) {
      throw new AssertionError("topic " + topic + " is not documented in docs/asyncapi.yaml");
    }
    Object instance;
    try {
      instance = new JsonObject(new String(value, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new AssertionError("record on " + topic + " is not a JSON object: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    for (Validator validator : candidates) {
      OutputUnit result = validator.validate(instance);
      if (Boolean.TRUE.equals(result.getValid())) {
        return;
      }
      problems.add(
          result.getErrors() == null
              ? String.valueOf(result.getError())
              : result.getErrors().stream()
                  .map(e -> e.getInstanceLocation() + ": " + e.getError())
                  .toList()
                  .toString());
    }
    throw new AssertionError(
        "record on "
            + topic
            + " does not match the contract: "
            + problems
            + "\n"
            + new String(value, StandardCharsets.UTF_8));
  }
}
