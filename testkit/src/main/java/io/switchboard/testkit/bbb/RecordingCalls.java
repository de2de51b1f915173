package io.switchboard.testkit.bbb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * getRecordings, publishRecordings, updateRecordings and deleteRecordings as bbb-web's
 * RecordingController and RecordingServiceFileImpl answer them. These calls still use the older
 * checks: their checksum error reads "You did not pass the checksum security check".
 *
 * <p>Recordings are found by record id prefix, and meeting ids are turned into the prefix {@code
 * sha1(meetingID)}. Without a state filter only published and unpublished recordings are listed;
 * {@code state=any} lists all. {@code offset} and {@code limit} (BBB 2.6+) page the list only when
 * a valid limit is given; the limit is clamped to 1..100 and a bad offset counts as 0.
 */
final class RecordingCalls {
  private static final String CHECKSUM_MESSAGE = "You did not pass the checksum security check";
  private static final Set<String> LISTED_BY_DEFAULT =
      Set.of(BbbRecording.PUBLISHED, BbbRecording.UNPUBLISHED);

  private final ChecksumVerifier verifier;
  private final RecordingStore recordings;
  private final boolean allowFetchAllRecordings;

  RecordingCalls(
      ChecksumVerifier verifier, RecordingStore recordings, boolean allowFetchAllRecordings) {
    this.verifier = verifier;
    this.recordings = recordings;
    this.allowFetchAllRecordings = allowFetchAllRecordings;
  }

  ApiResponse getRecordings(ApiRequest request) {
    Optional<ApiResponse> failure = checks(request, List.of());
    if (failure.isPresent()) {
      return failure.get();
    }
    List<String> prefixes = new ArrayList<>();
    if (!isEmpty(request, "recordID")) {
      prefixes.addAll(decodeIds(request.sanitized("recordID")));
    } else if (!isEmpty(request, "meetingID")) {
      decodeIds(request.sanitized("meetingID"))
          .forEach(id -> prefixes.add(ChecksumAlgorithm.SHA1.hex(id)));
    }
    List<String> states =
        isEmpty(request, "state") ? List.of() : decodeIds(request.sanitized("state"));
    Integer limit = limit(request.sanitized("limit"));
    if (prefixes.isEmpty() && limit == null && !allowFetchAllRecordings) {
      return ApiResponse.xml(RecordingXml.refusedToListAll());
    }
    Map<String, String> metaFilters = CreateCall.metadata(request.params());
    List<BbbRecording> found =
        recordings.all().stream()
            .filter(r -> inStates(r, states))
            .filter(r -> prefixes.isEmpty() || prefixes.stream().anyMatch(r.recordId()::startsWith))
            .filter(r -> matchesMetadata(r, metaFilters))
            .toList();
    if (limit == null) {
      return ApiResponse.xml(RecordingXml.recordings(found, null));
    }
    int offset = offset(request.sanitized("offset"));
    int from = Math.min(offset, found.size());
    List<BbbRecording> page = found.subList(from, Math.min(from + limit, found.size()));
    return ApiResponse.xml(
        RecordingXml.recordings(page, new RecordingXml.Page(offset, limit, found.size())));
  }

  ApiResponse publishRecordings(ApiRequest request) {
    Optional<ApiResponse> failure =
        checks(
            request,
            List.of(
                new Required("recordID", "missingParamRecordID", "You must specify a recordID."),
                new Required(
                    "publish",
                    "missingParamPublish",
                    "You must specify a publish value true or false.")));
    if (failure.isPresent()) {
      return failure.get();
    }
    List<String> ids = decodeIds(request.sanitized("recordID"));
    if (!existsAny(ids)) {
      return notFound();
    }
    String publish = request.sanitized("publish");
    boolean toPublished = groovyTruth(publish);
    String from = toPublished ? BbbRecording.UNPUBLISHED : BbbRecording.PUBLISHED;
    String to = toPublished ? BbbRecording.PUBLISHED : BbbRecording.UNPUBLISHED;
    recordings.updateAll(r -> idIn(r, ids) && r.state().equals(from) ? r.withState(to) : r);
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("published", publish)
            .close("response"));
  }

  /**
   * Metadata keys are lower-cased like create's; an empty value removes the key. bbb-web touches
   * every recording whose id starts with a given id, in published, unpublished and deleted.
   */
  ApiResponse updateRecordings(ApiRequest request) {
    Optional<ApiResponse> failure =
        checks(
            request,
            List.of(
                new Required("recordID", "missingParamRecordID", "You must specify a recordID.")));
    if (failure.isPresent()) {
      return failure.get();
    }
    List<String> ids = decodeIds(request.sanitized("recordID"));
    if (!existsAny(ids)) {
      return notFound();
    }
    Map<String, String> changes = CreateCall.metadata(request.params());
    Set<String> updatable =
        Set.of(BbbRecording.PUBLISHED, BbbRecording.UNPUBLISHED, BbbRecording.DELETED);
    recordings.updateAll(
        r ->
            updatable.contains(r.state()) && ids.stream().anyMatch(r.recordId()::startsWith)
                ? r.withMetadata(applied(r.metadata(), changes))
                : r);
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("updated", true)
            .close("response"));
  }

  ApiResponse deleteRecordings(ApiRequest request) {
    Optional<ApiResponse> failure =
        checks(
            request,
            List.of(
                new Required("recordID", "missingParamRecordID", "You must specify a recordID.")));
    if (failure.isPresent()) {
      return failure.get();
    }
    List<String> ids = decodeIds(request.sanitized("recordID"));
    if (!existsAny(ids)) {
      return notFound();
    }
    recordings.updateAll(
        r ->
            idIn(r, ids) && LISTED_BY_DEFAULT.contains(r.state())
                ? r.withState(BbbRecording.DELETED)
                : r);
    return ApiResponse.xml(
        new XmlWriter()
            .open("response")
            .element("returncode", "SUCCESS")
            .element("deleted", true)
            .close("response"));
  }

  private record Required(String param, String messageKey, String message) {}

  /** RecordingController's order: checksum present, required parameters, checksum correct. */
  private Optional<ApiResponse> checks(ApiRequest request, List<Required> required) {
    if (isEmpty(request, "checksum")) {
      return Optional.of(ApiResponse.failed("checksumError", CHECKSUM_MESSAGE));
    }
    for (Required r : required) {
      if (isEmpty(request, r.param())) {
        return Optional.of(ApiResponse.failed(r.messageKey(), r.message()));
      }
    }
    if (verifier.verify(request.call(), request.rawQuery(), request.sanitized("checksum"), false)
        != ChecksumVerifier.Outcome.VALID) {
      return Optional.of(ApiResponse.failed("checksumError", CHECKSUM_MESSAGE));
    }
    return Optional.empty();
  }

  private static ApiResponse notFound() {
    return ApiResponse.failed("notFound", "We could not find recordings");
  }

  /**
   * RecordingServiceFileImpl.existAnyRecording: an exact id among published and unpublished ones.
   */
  private boolean existsAny(List<String> ids) {
    return recordings.all().stream()
        .anyMatch(r -> LISTED_BY_DEFAULT.contains(r.state()) && ids.contains(r.recordId()));
  }

  private static boolean idIn(BbbRecording recording, List<String> ids) {
    return ids.stream().anyMatch(recording.recordId()::equalsIgnoreCase);
  }

  private static boolean inStates(BbbRecording recording, List<String> states) {
    if (states.isEmpty()) {
      return LISTED_BY_DEFAULT.contains(recording.state());
    }
    return states.contains("any") || states.contains(recording.state());
  }

  /** RecordingServiceFileImpl.recordingMatchesMetadata, with its % wildcards. */
  private static boolean matchesMetadata(BbbRecording recording, Map<String, String> filters) {
    for (Map.Entry<String, String> filter : filters.entrySet()) {
      String value = recording.metadata().get(filter.getKey());
      if (value == null || !wildcardMatch(filter.getValue()).test(value)) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<String> wildcardMatch(String pattern) {
    boolean leading = pattern.startsWith("%");
    boolean trailing = pattern.length() > 1 && pattern.endsWith("%");
    if (leading && trailing) {
      String inner = pattern.substring(1, pattern.length() - 1);
      return value -> value.contains(inner);
    }
    if (leading) {
      return value -> value.endsWith(pattern.substring(1));
    }
    if (trailing) {
      return value -> value.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern::equals;
  }

  private static Map<String, String> applied(
      Map<String, String> metadata, Map<String, String> changes) {
    if (metadata.isEmpty() || changes.isEmpty()) {
      return metadata;
    }
    Map<String, String> updated = new LinkedHashMap<>(metadata);
    changes.forEach(
        (key, value) -> {
          if (value.isEmpty()) {
            updated.remove(key);
          } else {
            updated.put(key, value);
          }
        });
    return updated;
  }

  /** ParamsProcessorUtil.decodeIds: URL-decodes once more, then splits on commas. */
  private static List<String> decodeIds(String ids) {
    String decoded;
    try {
      decoded = URLDecoder.decode(ids, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = ids;
    }
    return new ArrayList<>(Arrays.asList(decoded.split(",")));
  }

  /** MeetingService.getRecordings2x: no or unparsable limit means no paging. */
  private static Integer limit(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Math.max(1, Math.min(100, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int offset(String value) {
    try {
      return Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Groovy's String.toBoolean(), which publishRecordings applies to the publish parameter. */
  private static boolean groovyTruth(String value) {
    String trimmed = value.trim();
    return trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("y") || trimmed.equals("1");
  }

  private static boolean isEmpty(ApiRequest request, String name) {
    String value = request.sanitized(name);
    return value == null || value.isEmpty();
  }
}
