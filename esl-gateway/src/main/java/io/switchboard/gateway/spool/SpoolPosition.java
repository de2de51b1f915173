package io.switchboard.gateway.spool;

/** A place in the spool: a segment number and a byte offset in it. Ordered. */
public record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {
  @Override
  public int compareTo(SpoolPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  public boolean isAfter(SpoolPosition other) {
    return compareTo(other) > 0;
  }
}
