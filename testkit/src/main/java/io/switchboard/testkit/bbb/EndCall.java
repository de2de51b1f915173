package io.switchboard.testkit.bbb;

import java.util.Optional;

/**
 * The end call (ApiController.end with EndMeeting's constraints). The password is optional; when
 * given it must be the moderator password. For an unknown meeting this answers notFound; some
 * bbb-web versions' ModeratorPasswordValidator also fails then, and their violation map may report
 * invalidPassword instead, so a client should treat both as "not there". bbb-web drops an ended
 * meeting from memory once the meeting actor has stopped, moments later; the simulator drops it at
 * once, so a following getMeetingInfo answers notFound and isMeetingRunning false.
 */
final class EndCall {
  private final MeetingQueries queries;
  private final MeetingRequestRules rules;
  private final MeetingEnder ender;

  EndCall(MeetingQueries queries, MeetingRequestRules rules, MeetingEnder ender) {
    this.queries = queries;
    this.rules = rules;
    this.ender = ender;
  }

  /** Ends a meeting and tells whoever listens for voice conferences to stop. */
  interface MeetingEnder {
    Optional<BbbMeeting> end(String meetingId);

    Optional<BbbMeeting> find(String meetingId);
  }

  ApiResponse handle(ApiRequest request) {
    String meetingId = request.sanitized("meetingID");
    String password = request.sanitized("password");
    Optional<ApiResponse> failure =
        queries.checksumThen(
            request,
            v -> {
              MeetingRequestRules.meetingId(v, meetingId);
              rules.meetingExists(v, meetingId, "notFound");
              MeetingRequestRules.password(v, password);
              Optional<BbbMeeting> meeting =
                  meetingId == null ? Optional.empty() : ender.find(meetingId);
              boolean wrongPassword =
                  password != null
                      && !password.isEmpty()
                      && meeting.map(m -> !m.moderatorPassword().equals(password)).orElse(false);
              if (wrongPassword) {
                v.add("invalidPassword", "The supplied moderator password is incorrect");
              }
            });
    if (failure.isPresent()) {
      return failure.get();
    }
    if (ender.end(request.raw("meetingID")).isEmpty()) {
      return ApiResponse.failed("notFound", "A meeting with that ID does not exist");
    }
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("messageKey", "sentEndMeetingRequest")
            .element(
                "message",
                "A request to end the meeting was sent.  Please wait a few seconds, and then use"
                    + " the getMeetingInfo or isMeetingRunning API calls to verify that it was ended.")
            .close("response"));
  }
}
