package io.switchboard.testkit.bbb;

import java.util.Locale;
import java.util.Optional;

/**
 * The checks bbb-common-web's validation framework runs for the meeting calls (create, join, end,
 * isMeetingRunning, getMeetingInfo, getMeetings): first the checksum group alone, then the field
 * constraints of the call's request class (model/request/*.java, model/constraint/*.java). Keys and
 * messages are BBB's.
 */
final class MeetingRequestRules {
  private final ChecksumVerifier verifier;
  private final MeetingStore meetings;

  MeetingRequestRules(ChecksumVerifier verifier, MeetingStore meetings) {
    this.verifier = verifier;
    this.meetings = meetings;
  }

  /**
   * ChecksumValidationGroup: Checksum's NotEmpty and GetChecksumConstraint, both keyed
   * checksumError.
   */
  Optional<Violations> checksumViolation(ApiRequest request) {
    String checksum = request.sanitized("checksum");
    Violations violations = new Violations();
    switch (verifier.verify(
        request.call(), request.rawQuery(), checksum == null ? "" : checksum, true)) {
      case VALID -> {
        return Optional.empty();
      }
      case MISSING -> violations.add("checksumError", "You must provide the checksum");
      case MISMATCH -> violations.add("checksumError", "Checksums do not match");
    }
    return Optional.of(violations);
  }

  /** MeetingIDConstraint: NotEmpty (missingParamMeetingID), Size 2..256, no comma. */
  static void meetingId(Violations v, String meetingId) {
    if (meetingId == null || meetingId.isEmpty()) {
      v.add("missingParamMeetingID", "You must provide a meeting ID");
    }
    if (meetingId != null && (meetingId.length() < 2 || meetingId.length() > 256)) {
      v.add("validationError", "Meeting ID must be between 2 and 256 characters");
    }
    if (meetingId != null && (meetingId.isEmpty() || meetingId.indexOf(',') >= 0)) {
      v.add("validationError", "Meeting ID cannot contain ','");
    }
  }

  /** MeetingExistsConstraint with the key the call's request class gives it. */
  void meetingExists(Violations v, String meetingId, String key) {
    if (meetingId == null || meetings.get(meetingId).isEmpty()) {
      v.add(key, "A meeting with that ID does not exist");
    }
  }

  /** PasswordConstraint: optional, but 2..64 characters when given. */
  static void password(Violations v, String password) {
    if (password != null
        && !password.isEmpty()
        && (password.length() < 2 || password.length() > 64)) {
      v.add("invalidPassword", "Invalid password");
    }
  }

  /** IsBooleanConstraint: empty, true, false, 0 or 1, any case. */
  static void isBoolean(Violations v, String value, String message) {
    if (value != null
        && !value.isEmpty()
        && !switch (value.toLowerCase(Locale.ROOT)) {
          case "true", "false", "0", "1" -> true;
          default -> false;
        }) {
      v.add("validationError", message);
    }
  }

  /** IsIntegralConstraint: empty or a whole number. */
  static void isIntegral(Violations v, String value, String message) {
    if (value == null || value.isEmpty()) {
      return;
    }
    try {
      Long.parseLong(value);
    } catch (NumberFormatException e) {
      v.add("validationError", message);
    }
  }
}
