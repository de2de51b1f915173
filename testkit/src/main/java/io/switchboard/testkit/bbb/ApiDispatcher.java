package io.switchboard.testkit.bbb;

import java.util.Set;

/** Routes a parsed request to the call that answers it. */
final class ApiDispatcher {
  /** join answers GET only (BBB 3.0 dropped the other methods); the rest take GET and POST. */
  private static final Set<String> GET_ONLY = Set.of("join");

  /** UrlMappings.groovy maps insertDocument to POST only. */
  private static final Set<String> POST_ONLY = Set.of("insertDocument");

  private final CreateCall create;
  private final JoinCall join;
  private final EndCall end;
  private final MeetingQueries queries;
  private final RecordingCalls recordings;
  private final BbbSimulatorConfig config;

  ApiDispatcher(
      CreateCall create,
      JoinCall join,
      EndCall end,
      MeetingQueries queries,
      RecordingCalls recordings,
      BbbSimulatorConfig config) {
    this.create = create;
    this.join = join;
    this.end = end;
    this.queries = queries;
    this.recordings = recordings;
    this.config = config;
  }

  ApiResponse dispatch(ApiRequest request) {
    if (!"GET".equals(request.method()) && !"POST".equals(request.method())
        || GET_ONLY.contains(request.call()) && !"GET".equals(request.method())
        || POST_ONLY.contains(request.call()) && !"POST".equals(request.method())) {
      return ApiResponse.plain(405, "text/plain;charset=utf-8", "Method Not Allowed");
    }
    return switch (request.call()) {
      case "" -> version();
      case "create" -> create.handle(request);
      case "join" -> join.handle(request);
      case "end" -> end.handle(request);
      case "isMeetingRunning" -> queries.isMeetingRunning(request);
      case "getMeetingInfo" -> queries.getMeetingInfo(request);
      case "getMeetings" -> queries.getMeetings(request);
      case "insertDocument" -> queries.insertDocument(request);
      case "getRecordings" -> recordings.getRecordings(request);
      case "publishRecordings" -> recordings.publishRecordings(request);
      case "updateRecordings" -> recordings.updateRecordings(request);
      case "deleteRecordings" -> recordings.deleteRecordings(request);
      default -> ApiResponse.plain(404, "text/plain;charset=utf-8", "Not Found");
    };
  }

  /** api-version.ftlx (BBB 2.x fields; 3.0 adds graphql URLs). */
  private ApiResponse version() {
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("version", config.apiVersion())
            .element("apiVersion", config.apiVersion())
            .element("bbbVersion", config.bbbVersion())
            .close("response"));
  }
}
