package io.switchboard.testkit.bbb;

import java.util.Objects;

/**
 * One way to play a recording back, as getRecordings lists it under {@code <playback>}.
 *
 * @param type format name, e.g. {@code presentation}, {@code podcast}, {@code video}
 * @param url playback URL
 * @param processingTime milliseconds the format took to process
 * @param length playback length in minutes
 */
public record BbbPlaybackFormat(String type, String url, long processingTime, int length) {

  public BbbPlaybackFormat {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
  }
}
