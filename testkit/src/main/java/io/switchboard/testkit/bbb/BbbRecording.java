package io.switchboard.testkit.bbb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A recording on a simulated server: seed it with {@link #builder(String)} and {@link
 * BbbServerSimulator#seedRecording(BbbRecording)}; publish, update and delete calls change it.
 *
 * <p>bbb-web finds recordings by record id prefix: a recording id is the internal meeting id
 * ({@code sha1(meetingID)-createTime}), and getRecordings?meetingID=X looks for ids starting with
 * {@code sha1(X)}. The builder derives the record id that way unless one is given.
 *
 * @param recordId the record id (= internal meeting id of the recorded session)
 * @param meetingId external meeting id
 * @param name meeting name
 * @param state one of {@link #STATES}
 * @param startTime epoch milliseconds
 * @param endTime epoch milliseconds
 * @param participants number of participants
 * @param metadata recording metadata, keys as given
 * @param formats playback formats
 */
public record BbbRecording(
    String recordId,
    String meetingId,
    String name,
    String state,
    long startTime,
    long endTime,
    int participants,
    Map<String, String> metadata,
    List<BbbPlaybackFormat> formats) {

  public static final String PROCESSING = "processing";
  public static final String PROCESSED = "processed";
  public static final String PUBLISHED = "published";
  public static final String UNPUBLISHED = "unpublished";
  public static final String DELETED = "deleted";
  public static final Set<String> STATES =
      Set.of(PROCESSING, PROCESSED, PUBLISHED, UNPUBLISHED, DELETED);

  public BbbRecording {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(meetingId, "meetingId");
    Objects.requireNonNull(name, "name");
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("state must be one of " + STATES + ", was " + state);
    }
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    formats = List.copyOf(formats);
  }

  /** bbb-web writes published=true exactly for recordings in the published state. */
  public boolean published() {
    return PUBLISHED.equals(state);
  }

  BbbRecording withState(String newState) {
    return new BbbRecording(
        recordId, meetingId, name, newState, startTime, endTime, participants, metadata, formats);
  }

  BbbRecording withMetadata(Map<String, String> newMetadata) {
    return new BbbRecording(
        recordId, meetingId, name, state, startTime, endTime, participants, newMetadata, formats);
  }

  public static Builder builder(String meetingId) {
    return new Builder(meetingId);
  }

  public static final class Builder {
    private final String meetingId;
    private String recordId;
    private String name;
    private String state = PUBLISHED;
    private long startTime = 1_700_000_000_000L;
    private long endTime = -1;
    private int participants = 1;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<BbbPlaybackFormat> formats = new ArrayList<>();

    private Builder(String meetingId) {
      this.meetingId = Objects.requireNonNull(meetingId, "meetingId");
    }

    public Builder recordId(String value) {
      recordId = value;
      return this;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder state(String value) {
      state = value;
      return this;
    }

    public Builder startTime(long value) {
      startTime = value;
      return this;
    }

    public Builder endTime(long value) {
      endTime = value;
      return this;
    }

    public Builder participants(int value) {
      participants = value;
      return this;
    }

    public Builder meta(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    public Builder format(String type, String url, long processingTime, int length) {
      formats.add(new BbbPlaybackFormat(type, url, processingTime, length));
      return this;
    }

    /**
     * Fills in what a recording made by BBB always has: a record id derived from the meeting id and
     * start time, an end time, a name, and the meetingId, meetingName and isBreakout entries the
     * recording scripts add to the metadata.
     */
    public BbbRecording build() {
      String id =
          recordId != null ? recordId : ChecksumAlgorithm.SHA1.hex(meetingId) + "-" + startTime;
      String recordedName = name != null ? name : meetingId;
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("isBreakout", "false");
      meta.put("meetingName", recordedName);
      meta.put("meetingId", meetingId);
      meta.putAll(metadata);
      long end = endTime >= 0 ? endTime : startTime + 3_600_000L;
      return new BbbRecording(
          id, meetingId, recordedName, state, startTime, end, participants, meta, formats);
    }
  }
}
