package io.switchboard.testkit.bbb;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One API request as the simulator received it.
 *
 * @param call the API call name ({@code create}, {@code join}, ...), empty for the version call
 * @param method the HTTP method
 * @param rawQuery the query string exactly as sent, empty if there was none
 * @param params decoded parameters, query string first, then a form body; names in arrival order
 * @param receivedAt when the request arrived
 * @param body the body as text (UTF-8), null when there was none
 */
public record BbbReceivedCall(
    String call,
    String method,
    String rawQuery,
    Map<String, List<String>> params,
    Instant receivedAt,
    String body) {

  /** First value of a parameter, or null when it was not sent. */
  public String param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
