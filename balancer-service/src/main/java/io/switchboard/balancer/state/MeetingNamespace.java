package io.switchboard.balancer.state;

/**
 * Whose a meeting ID on the pool is: a tenant's meetings carry {@code <tenant>~} before the
 * tenant's own ID, everything else belongs to the balancer's own front end. Read from the ID alone
 * (no table of tenants), so a meeting keeps its owner while tenants come and go, and a recording,
 * which only names its meetingID, is owned the same way.
 */
public final class MeetingNamespace {
  /** Between a tenant's id and its own meetingID. */
  public static final char SEPARATOR = '~';

  /** The key of the meetings of no tenant. */
  public static final String UNTENANTED = "";

  /** A tenant id is at most this long (Tenant.ID_PATTERN). */
  private static final int MAX_TENANT = 32;

  private MeetingNamespace() {}

  /**
   * The tenant id a meeting ID is namespaced with, or {@link #UNTENANTED}: the text before the
   * first {@code ~} when it has the form of a tenant id (1 to 32 lower-case letters, digits or '-',
   * not starting or ending with '-').
   */
  public static String of(String meetingId) {
    int end = meetingId.indexOf(SEPARATOR);
    if (end < 1 || end > MAX_TENANT) {
      return UNTENANTED;
    }
    if (meetingId.charAt(0) == '-' || meetingId.charAt(end - 1) == '-') {
      return UNTENANTED;
    }
    for (int i = 0; i < end; i++) {
      char c = meetingId.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return UNTENANTED;
      }
    }
    return meetingId.substring(0, end);
  }

  /** True when {@code meetingId} has a tenant's form. */
  public static boolean isTenants(String meetingId) {
    return !of(meetingId).isEmpty();
  }
}
