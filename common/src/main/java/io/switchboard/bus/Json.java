package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The one JSON mapping every envelope uses, so that all services read and write alike. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private Json() {}

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes an envelope; a malformed one is an {@link EnvelopeException} naming the type and the
   * problem.
   */
  public static <T> T decode(byte[] bytes, Class<T> type) {
    if (bytes == null) {
      throw new EnvelopeException(type.getSimpleName() + ": empty record value");
    }
    try {
      return MAPPER.readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new EnvelopeException(type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new EnvelopeException(type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
