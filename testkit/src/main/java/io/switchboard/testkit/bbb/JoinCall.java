package io.switchboard.testkit.bbb;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The join call as bbb-web answers it (ApiController.join). Validation errors do not come back as
 * XML: bbb-web redirects the browser to the logout URL with {@code
 * errors=[{"key":..,"message":..}]} in the query. A wrong password, or neither role nor password,
 * is answered with XML. On success the user is registered at once (in BBB the count rises when the
 * browser loads the client) and the response is a 302 to the HTML5 client with a session token, or
 * XML when {@code redirect} is given and is not "true".
 */
final class JoinCall {
  private final MeetingStore meetings;
  private final MeetingRequestRules rules;
  private final ServerUrls urls;

  JoinCall(MeetingStore meetings, MeetingRequestRules rules, ServerUrls urls) {
    this.meetings = meetings;
    this.rules = rules;
    this.urls = urls;
  }

  ApiResponse handle(ApiRequest request) {
    Optional<Violations> failed = rules.checksumViolation(request).or(() -> validate(request));
    if (failed.isPresent()) {
      Map.Entry<String, String> first = failed.get().first().orElseThrow();
      return redirectWithError(request, first.getKey(), first.getValue());
    }
    BbbMeeting meeting = meetings.get(request.raw("meetingID")).orElse(null);
    if (meeting == null) {
      // ended between validation and here
      return redirectWithError(
          request, "invalidMeetingIdentifier", "A meeting with that ID does not exist");
    }
    String createTime = request.raw("createTime");
    if (createTime != null && parseLongOr(createTime, -1) != meeting.createTime()) {
      return redirectWithError(
          request,
          "mismatchCreateTimeParam",
          "The createTime parameter submitted mismatches with the current meeting.");
    }
    String role = role(request, meeting);
    if (role == null) {
      return roleError(request);
    }
    String internalUserId = "w_" + Tokens.alphanumeric(12, true);
    String authToken = Tokens.alphanumeric(12, true);
    String sessionToken = Tokens.alphanumeric(16, true);
    String userId = request.isEmpty("userID") ? internalUserId : request.raw("userID");
    BbbAttendee attendee =
        new BbbAttendee(
            internalUserId,
            userId,
            ApiRequest.sanitize(request.raw("fullName")),
            role,
            false,
            false,
            false,
            0,
            customData(request.params()));
    if (meetings.join(meeting.meetingId(), attendee) == MeetingStore.JoinResult.FULL) {
      return redirectWithError(
          request,
          "maxParticipantsReached",
          "The number of participants allowed for this meeting has been reached.");
    }
    String destination = urls.clientUrl() + "?sessionToken=" + sessionToken;
    String redirect = request.raw("redirect");
    if (redirect == null || redirect.isEmpty() || Boolean.parseBoolean(redirect)) {
      return ApiResponse.redirect(destination);
    }
    return joinedXml(meeting, internalUserId, authToken, sessionToken, destination);
  }

  /** The answer when the caller asked not to be redirected: what the redirect would carry. */
  private static ApiResponse joinedXml(
      BbbMeeting meeting,
      String internalUserId,
      String authToken,
      String sessionToken,
      String destination) {
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("messageKey", "successfullyJoined")
            .element("message", "You have joined successfully.")
            .element("meeting_id", meeting.internalMeetingId())
            .element("user_id", internalUserId)
            .element("auth_token", authToken)
            .element("session_token", sessionToken)
            .element("guestStatus", "ALLOW")
            .element("url", destination)
            .close("response"));
  }

  /** JoinMeeting's constraints. */
  private Optional<Violations> validate(ApiRequest request) {
    Violations v = new Violations();
    String meetingId = request.sanitized("meetingID");
    MeetingRequestRules.meetingId(v, meetingId);
    rules.meetingExists(v, meetingId, "invalidMeetingIdentifier");
    String fullName = request.sanitized("fullName");
    if (fullName == null || fullName.isEmpty()) {
      v.add("missingParamFullName", "You must provide your name");
    }
    MeetingRequestRules.password(v, request.sanitized("password"));
    MeetingRequestRules.isBoolean(
        v, request.sanitized("guest"), "Guest must be a boolean value (true or false)");
    MeetingRequestRules.isBoolean(
        v, request.sanitized("auth"), "Auth must be a boolean value (true or false)");
    MeetingRequestRules.isIntegral(
        v, request.sanitized("createTime"), "Value must be an integral number");
    return v.first().isPresent() ? Optional.of(v) : Optional.empty();
  }

  /** A valid role parameter wins; else the password decides; null when neither does. */
  private static String role(ApiRequest request, BbbMeeting meeting) {
    String role = request.raw("role");
    if (role != null && !role.isEmpty()) {
      switch (role.toLowerCase(Locale.ROOT)) {
        case "moderator" -> {
          return BbbAttendee.MODERATOR;
        }
        case "viewer" -> {
          return BbbAttendee.VIEWER;
        }
        default -> {
          // falls through to the password, as in ApiController
        }
      }
    }
    String password = request.raw("password");
    if (password == null || password.isEmpty()) {
      return null;
    }
    if (meeting.moderatorPassword().equals(password)) {
      return BbbAttendee.MODERATOR;
    }
    if (meeting.attendeePassword().equals(password)) {
      return BbbAttendee.VIEWER;
    }
    return null;
  }

  /** ApiController renders these two with messageKey "Params required" (sic). */
  private static ApiResponse roleError(ApiRequest request) {
    if (request.isEmpty("password")) {
      return ApiResponse.failed(
          "Params required",
          "You must either send the valid role of the user, or the password, sould the meeting has one.");
    }
    return ApiResponse.failed("Params required", "You must enter a valid password");
  }

  /** ApiController.respondWithRedirect: the logout URL with the errors as JSON in its query. */
  private ApiResponse redirectWithError(ApiRequest request, String key, String message) {
    URI logout = logoutUri(request.raw("logoutURL"));
    String query =
        (logout.getQuery() == null ? "" : logout.getQuery() + "&")
            + "errors="
            + errorsJson(key, message);
    try {
      return ApiResponse.redirect(
          new URI(
                  logout.getScheme(),
                  logout.getAuthority(),
                  logout.getPath(),
                  query,
                  logout.getFragment())
              .toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("a URI built from a parsed URI is valid", e);
    }
  }

  private URI logoutUri(String requested) {
    if (requested != null && !requested.isEmpty()) {
      try {
        return URI.create(requested);
      } catch (IllegalArgumentException e) {
        // bbb-web falls back to its default logout URL as well
      }
    }
    return URI.create(urls.serverUrl());
  }

  /**
   * org.json's JSONArray of one JSONObject: JSONObject keeps its keys in a HashMap, hence the
   * order, and escapes "/" only after "<".
   */
  private static String errorsJson(String key, String message) {
    Map<String, String> error = new HashMap<>();
    error.put("key", key);
    error.put("message", message);
    StringBuilder json = new StringBuilder("[{");
    boolean first = true;
    for (Map.Entry<String, String> entry : error.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append('"')
          .append(entry.getKey())
          .append("\":\"")
          .append(jsonEscape(entry.getValue()))
          .append('"');
    }
    return json.append("}]").toString();
  }

  private static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    char previous = 0;
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append(previous == '<' ? "\\/" : "/");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
      previous = c;
    }
    return out.toString();
  }

  /** ParamsProcessorUtil.getUserCustomData: {@code userdata-NAME} parameters (one dash only). */
  private static Map<String, String> customData(Map<String, List<String>> params) {
    Map<String, String> data = new LinkedHashMap<>();
    params.forEach(
        (name, values) -> {
          if (name.startsWith("userdata") && !values.isEmpty()) {
            String[] parts = name.split("-");
            if (parts.length == 2) {
              data.put(parts[1], values.get(0));
            }
          }
        });
    return data;
  }

  private static long parseLongOr(String value, long fallback) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
