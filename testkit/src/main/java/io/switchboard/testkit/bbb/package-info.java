/**
 * A simulated BigBlueButton server: {@link io.switchboard.testkit.bbb.BbbServerSimulator}.
 *
 * <p>It is a second, independent reading of the BBB API, written from the BBB API documentation
 * (docs.bigbluebutton.org/development/api) and bbb-web's source (bigbluebutton-web ApiController
 * and RecordingController, bbb-common-web ValidationService, model/request, model/constraint,
 * ParamsProcessorUtil, RecordingServiceFileImpl, and the FreeMarker response templates), so that a
 * BBB client is tested against the server's behaviour rather than against its own assumptions.
 *
 * <p>Behaviour worth knowing when coding against it:
 *
 * <ul>
 *   <li>Checksum: {@code hex(HASH(call + rawQueryWithoutChecksum + secret))}, HASH chosen by length
 *       (40/64/96/128 hex digits: SHA-1/256/384/512) among the allowed ones. A POST is checked over
 *       its URL query string only (usually empty), never over its body. Meeting calls answer a bad
 *       checksum with {@code checksumError} / "Checksums do not match" and accept upper-case hex;
 *       recording calls answer "You did not pass the checksum security check" and do not.
 *   <li>Errors come back as HTTP 200 with {@code <returncode>FAILED</returncode>}, except for join:
 *       its validation errors redirect (302) to the logout URL with {@code
 *       errors=[{"message":..,"key":..}]} in the query.
 *   <li>When several constraints fail, the reported one is the first key of a Java HashMap, as in
 *       bbb-web (e.g. getMeetingInfo without meetingID reports notFound).
 *   <li>create is idempotent for a running meeting id: duplicateWarning when both passwords match
 *       or none is given, idNotUnique otherwise; other parameters of the repeated call are ignored.
 *       A voice bridge in use by another meeting fails with an {@code <errors>} list
 *       (nonUniqueVoiceBridge).
 *   <li>A meeting runs while it has users. join adds the user at once (BBB counts them when the
 *       browser loads the client). end and expiry remove the meeting at once.
 *   <li>Recordings are found by record id prefix; meeting ids become the prefix sha1(meetingID).
 *       Without {@code state}, only published and unpublished ones are listed; offset/limit page
 *       the list only when a valid limit is given, and add a {@code <pagination>} block.
 * </ul>
 */
package io.switchboard.testkit.bbb;
