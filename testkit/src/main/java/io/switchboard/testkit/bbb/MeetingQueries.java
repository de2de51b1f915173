package io.switchboard.testkit.bbb;

import java.util.Optional;
import java.util.function.Consumer;

/** isMeetingRunning, getMeetingInfo and getMeetings, as bbb-web's ApiController answers them. */
final class MeetingQueries {
  private final MeetingStore meetings;
  private final MeetingRequestRules rules;

  MeetingQueries(MeetingStore meetings, MeetingRequestRules rules) {
    this.meetings = meetings;
    this.rules = rules;
  }

  /** An unknown meeting is not an error here: it is simply not running. */
  ApiResponse isMeetingRunning(ApiRequest request) {
    Optional<ApiResponse> failure =
        checksumThen(
            request, v -> MeetingRequestRules.meetingId(v, request.sanitized("meetingID")));
    if (failure.isPresent()) {
      return failure.get();
    }
    boolean running = meetings.get(request.raw("meetingID")).map(BbbMeeting::running).orElse(false);
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("running", running)
            .close("response"));
  }

  ApiResponse getMeetingInfo(ApiRequest request) {
    String meetingId = request.sanitized("meetingID");
    Optional<ApiResponse> failure =
        checksumThen(
            request,
            v -> {
              MeetingRequestRules.meetingId(v, meetingId);
              rules.meetingExists(v, meetingId, "notFound");
            });
    if (failure.isPresent()) {
      return failure.get();
    }
    return meetings
        .get(request.raw("meetingID"))
        .map(m -> ApiResponse.xml(MeetingXml.meetingInfoResponse(m)))
        .orElseGet(() -> ApiResponse.failed("notFound", "A meeting with that ID does not exist"));
  }

  ApiResponse getMeetings(ApiRequest request) {
    Optional<ApiResponse> failure = checksumThen(request, v -> {});
    return failure.orElseGet(() -> ApiResponse.xml(MeetingXml.meetingsResponse(meetings.all())));
  }

  /**
   * insertDocument as ApiController answers it: validated (checksum, meetingID, an XML body), then
   * "not found" with a message but no messageKey for an unknown meeting. The document itself is not
   * converted: the call log keeps it.
   */
  ApiResponse insertDocument(ApiRequest request) {
    Optional<ApiResponse> failure =
        checksumThen(
            request,
            v -> {
              MeetingRequestRules.meetingId(v, request.sanitized("meetingID"));
              if (request.bodyPresent() && !"application/xml".equals(request.contentType())) {
                v.add(
                    "unsupportedContentType",
                    "POST request Content-Type is missing or unsupported");
              }
            });
    if (failure.isPresent()) {
      return failure.get();
    }
    boolean known = meetings.get(request.raw("meetingID")).isPresent();
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", known ? "SUCCESS" : "FAILED")
            .element(
                "message",
                known
                    ? "Presentation is being uploaded"
                    : "Meeting with id [" + request.raw("meetingID") + "] not found.")
            .close("response"));
  }

  /** The checksum group first; only when it passes, the call's own constraints. */
  Optional<ApiResponse> checksumThen(ApiRequest request, Consumer<Violations> constraints) {
    Optional<Violations> checksum = rules.checksumViolation(request);
    if (checksum.isPresent()) {
      return checksum.get().asFailure();
    }
    Violations violations = new Violations();
    constraints.accept(violations);
    return violations.asFailure();
  }
}
