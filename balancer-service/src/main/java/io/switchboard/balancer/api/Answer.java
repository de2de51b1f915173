package io.switchboard.balancer.api;

import io.vertx.core.buffer.Buffer;

/**
 * What the balancer sends back for one API call.
 *
 * @param result how the call ended, for metrics: success, or the messageKey of a failure
 * @param location a redirect's target, else null
 * @param cookie a Set-Cookie value, else null
 */
record Answer(int status, Buffer body, String location, String cookie, String result) {
  static final String XML = "text/xml;charset=utf-8";

  static Answer xml(String body) {
    return new Answer(200, Buffer.buffer(body), null, null, "success");
  }

  /** A server's own answer, passed through unchanged. */
  static Answer passThrough(Buffer body, boolean success) {
    return new Answer(200, body, null, null, success ? "success" : "failed");
  }

  static Answer failed(String messageKey, String message) {
    return new Answer(200, Buffer.buffer(Xml.failed(messageKey, message)), null, null, messageKey);
  }

  /** A call asked with a method BBB does not map it to (bbb-web answers before any checksum). */
  static Answer methodNotAllowed() {
    return new Answer(405, Buffer.buffer("Method Not Allowed"), null, null, "methodNotAllowed");
  }

  /**
   * A FAILED answer that, like bbb-web's insert-document template, carries a message but no
   * messageKey; {@code result} names it for metrics.
   */
  static Answer message(String result, String message) {
    return new Answer(
        200,
        Buffer.buffer(
            new Xml()
                .open("response")
                .element("returncode", "FAILED")
                .element("message", message)
                .close("response")
                .toString()),
        null,
        null,
        result);
  }

  /**
   * This answer as a tenant sees it: every {@code <meetingID>} without the tenant's namespace. A
   * namespace is letters, digits, '-' and '~', which XML writes as they are.
   */
  Answer unscoped(String namespace) {
    if (namespace.isEmpty() || location != null || body.length() == 0) {
      return this;
    }
    String text = body.toString(java.nio.charset.StandardCharsets.UTF_8);
    String tag = "<meetingID>" + namespace;
    if (!text.contains(tag)) {
      return this;
    }
    return new Answer(
        status, Buffer.buffer(text.replace(tag, "<meetingID>")), location, cookie, result);
  }

  static Answer redirect(String location, String cookie) {
    return new Answer(302, Buffer.buffer(), location, cookie, "redirect");
  }
}
