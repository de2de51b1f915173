package io.switchboard.testkit.bbb;

/**
 * What the simulator sends back for one request.
 *
 * @param status HTTP status
 * @param contentType Content-Type header, null for none
 * @param location Location header for redirects, else null
 * @param body response body, empty for none
 */
record ApiResponse(int status, String contentType, String location, String body) {

  /** Grails renders BBB's XML with {@code contentType: "text/xml"} and UTF-8. */
  static final String XML = "text/xml;charset=utf-8";

  static ApiResponse xml(XmlWriter xml) {
    return new ApiResponse(200, XML, null, xml.toString());
  }

  static ApiResponse redirect(String location) {
    return new ApiResponse(302, null, location, "");
  }

  static ApiResponse plain(int status, String contentType, String body) {
    return new ApiResponse(status, contentType, null, body);
  }

  /** bbb-web's api-error.ftlx: the one-error shape every call uses. */
  static ApiResponse failed(String messageKey, String message) {
    return xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "FAILED")
            .element("messageKey", messageKey)
            .element("message", message)
            .close("response"));
  }
}
