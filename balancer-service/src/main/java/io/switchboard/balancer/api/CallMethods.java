package io.switchboard.balancer.api;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP methods each call answers, as bbb-web's UrlMappings.groovy maps them
 * (bigbluebutton-web/grails-app/controllers/org/bigbluebutton/web/UrlMappings.groovy, 19e459d3:
 * create GET/POST at line 66, join GET only at 70, insertDocument POST only at 106, getRecordings
 * and updateRecordings GET/POST at 118 and 122, publishRecordings and deleteRecordings GET only at
 * 142 and 146), and which calls check a body's checksum over the body.
 */
final class CallMethods {
  private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);
  private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);
  private static final Set<HttpMethod> BOTH = Set.of(HttpMethod.GET, HttpMethod.POST);

  /** Calls not listed (the balancer's own: move, getStatistics, ...) take GET and POST. */
  private static final Map<String, Set<HttpMethod>> METHODS =
      Map.of(
          "join", GET,
          "insertDocument", POST,
          "publishRecordings", GET,
          "deleteRecordings", GET);

  /**
   * The recording calls are RecordingController's: it checks the checksum over the URL's query
   * string only (ParamsProcessorUtil.isChecksumSame(API_CALL, params.checksum,
   * request.getQueryString())), never over a body.
   */
  private static final Set<String> URL_QUERY_ONLY =
      Set.of("getRecordings", "publishRecordings", "updateRecordings", "deleteRecordings");

  private CallMethods() {}

  static boolean allows(String call, HttpMethod method) {
    return METHODS.getOrDefault(call, BOTH).contains(method);
  }

  /** The Allow header of a 405. */
  static String allowed(String call) {
    Set<HttpMethod> methods = METHODS.getOrDefault(call, BOTH);
    return methods.size() == 2 ? "GET, POST" : methods.iterator().next().name();
  }

  /**
   * True for the calls bbb-web checks through ValidationService, which signs the form body when the
   * URL has no query.
   */
  static boolean checksumOverBody(String call) {
    return !URL_QUERY_ONLY.contains(call);
  }
}
