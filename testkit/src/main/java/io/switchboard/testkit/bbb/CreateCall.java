package io.switchboard.testkit.bbb;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The create call as bbb-web answers it (ApiController.create,
 * ParamsProcessorUtil.processCreateParams, MeetingService.createMeeting). Calling create again with
 * the meeting id of a running meeting returns that meeting with messageKey duplicateWarning when
 * both passwords match or none is given; otherwise it fails with idNotUnique. Every other parameter
 * of the repeated call is ignored (bbb-web's updateMeeting call is commented out).
 */
final class CreateCall {
  private static final Set<String> CONTENT_TYPES =
      Set.of(
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          "application/xml",
          "text/xml");

  /** ParamsProcessorUtil.META_VAR_PATTERN. */
  private static final Pattern META_PARAM = Pattern.compile("meta_[a-zA-Z][a-zA-Z0-9-]*$");

  private static final String DUPLICATE_MESSAGE =
      "This conference was already in existence and may currently be in progress.";

  private final BbbSimulatorConfig config;
  private final MeetingStore meetings;
  private final MeetingRequestRules rules;
  private final Consumer<String> onVoiceConferenceStarted;

  CreateCall(
      BbbSimulatorConfig config,
      MeetingStore meetings,
      MeetingRequestRules rules,
      Consumer<String> onVoiceConferenceStarted) {
    this.config = config;
    this.meetings = meetings;
    this.rules = rules;
    this.onVoiceConferenceStarted = onVoiceConferenceStarted;
  }

  ApiResponse handle(ApiRequest request) {
    Optional<Violations> checksum = rules.checksumViolation(request);
    if (checksum.isPresent()) {
      return checksum.get().asFailure().orElseThrow();
    }
    Optional<ApiResponse> invalid = validate(request).asFailure();
    if (invalid.isPresent()) {
      return invalid.get();
    }
    String meetingId = request.raw("meetingID");
    if (!meetingId.equals(ApiRequest.sanitize(meetingId))) {
      return ApiResponse.failed("validationError", "Invalid meeting ID");
    }
    if (!request.isEmpty("isBreakout") && request.isEmpty("parentIdMeetingId")) {
      // ApiController checks params.parentIdMeetingId (sic), so a create that mentions
      // isBreakout at all fails unless that oddly named parameter is present.
      return ApiResponse.failed(
          "parentMeetingIdMissing", "No parent meeting ID was provided for the breakout room");
    }
    Optional<BbbMeeting> existing = meetings.get(meetingId);
    if (existing.isPresent()) {
      return duplicate(existing.get(), request);
    }
    BbbMeeting meeting = newMeeting(request, meetingId);
    return switch (meetings.insert(meeting)) {
      case INSERTED -> {
        onVoiceConferenceStarted.accept(meeting.voiceBridge());
        yield ApiResponse.xml(MeetingXml.createResponse(meeting, "", ""));
      }
      case MEETING_EXISTS -> duplicate(meetings.get(meetingId).orElseThrow(), request);
      case VOICE_BRIDGE_IN_USE ->
          ApiResponse.xml(
              new XmlWriter()
                  .open("response")
                  .element("returncode", "FAILED")
                  .open("errors")
                  .open("error")
                  .element("key", "nonUniqueVoiceBridge")
                  .element("message", "The selected voice bridge is already in use.")
                  .close("error")
                  .close("errors")
                  .close("response"));
    };
  }

  /** CreateMeeting's constraints, in field order. */
  private static Violations validate(ApiRequest request) {
    Violations v = new Violations();
    String name = request.sanitized("name");
    if (name == null || name.isEmpty()) {
      v.add("validationError", "You must provide a meeting name");
    } else if (name.length() < 2 || name.length() > 256) {
      v.add("validationError", "Meeting name must be between 2 and 256 characters");
    }
    MeetingRequestRules.meetingId(v, request.sanitized("meetingID"));
    MeetingRequestRules.isIntegral(
        v, request.sanitized("voiceBridge"), "Voice bridge must be an integral value");
    MeetingRequestRules.password(v, request.sanitized("attendeePW"));
    MeetingRequestRules.password(v, request.sanitized("moderatorPW"));
    MeetingRequestRules.isBoolean(
        v,
        request.sanitized("isBreakoutRoom"),
        "You must provide a boolean value (true or false) for the breakout room");
    MeetingRequestRules.isBoolean(
        v, request.sanitized("record"), "Record must be a boolean value (true or false)");
    if (request.bodyPresent()
        && (request.contentType() == null || !CONTENT_TYPES.contains(request.contentType()))) {
      v.add("unsupportedContentType", "POST request Content-Type is missing or unsupported");
    }
    return v;
  }

  private ApiResponse duplicate(BbbMeeting existing, ApiRequest request) {
    String attendeePw = request.raw("attendeePW");
    String moderatorPw = request.raw("moderatorPW");
    boolean samePasswords =
        existing.attendeePassword().equals(attendeePw)
            && existing.moderatorPassword().equals(moderatorPw);
    // Groovy truth: an empty parameter counts as absent.
    boolean noPasswords =
        (attendeePw == null || attendeePw.isEmpty())
            && (moderatorPw == null || moderatorPw.isEmpty());
    if (samePasswords || noPasswords) {
      return ApiResponse.xml(
          MeetingXml.createResponse(existing, "duplicateWarning", DUPLICATE_MESSAGE));
    }
    return ApiResponse.failed(
        "idNotUnique",
        "A meeting already exists with that meeting ID.  Please use a different meeting ID.");
  }

  private BbbMeeting newMeeting(ApiRequest request, String meetingId) {
    long createTime = System.currentTimeMillis();
    String name = request.raw("name");
    return new BbbMeeting(
        meetingId,
        ChecksumAlgorithm.SHA1.hex(meetingId) + "-" + createTime,
        name == null ? "" : name,
        passwordOrRandom(request.raw("attendeePW")),
        passwordOrRandom(request.raw("moderatorPW")),
        request.isEmpty("voiceBridge") ? uniqueVoiceBridge() : request.raw("voiceBridge"),
        request.isEmpty("dialNumber") ? config.dialNumber() : request.raw("dialNumber"),
        createTime,
        createTime,
        0,
        intOr(request.raw("duration"), 0),
        intOr(request.raw("maxParticipants"), config.defaultMaxUsers()),
        Boolean.parseBoolean(request.raw("record")),
        false,
        false,
        metadata(request.params()),
        List.of());
  }

  /** ApiController tries ten random bridges before letting createMeeting reject a clash. */
  private String uniqueVoiceBridge() {
    String candidate = randomDigits(config.voiceBridgeDigits());
    for (int attempt = 1; attempt < 10 && meetings.voiceBridgeInUse(candidate); attempt++) {
      candidate = randomDigits(config.voiceBridgeDigits());
    }
    return candidate;
  }

  /** RandomStringUtils.randomNumeric: a leading zero is possible, as in BBB. */
  private static String randomDigits(int count) {
    StringBuilder digits = new StringBuilder(count);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  /** ParamsProcessorUtil.processPassword: 8 random alphanumerics when none is given. */
  private static String passwordOrRandom(String password) {
    if (password != null && !password.isEmpty()) {
      return password;
    }
    return Tokens.alphanumeric(8, false);
  }

  private static int intOr(String value, int fallback) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** ParamsProcessorUtil.processMetaParam: meta_ names, lower-cased, without the prefix. */
  static Map<String, String> metadata(Map<String, List<String>> params) {
    Map<String, String> metadata = new HashMap<>();
    params.forEach(
        (name, values) -> {
          if (META_PARAM.matcher(name).matches() && !values.isEmpty()) {
            metadata.put(name.substring("meta_".length()).toLowerCase(Locale.ROOT), values.get(0));
          }
        });
    return metadata;
  }
}
