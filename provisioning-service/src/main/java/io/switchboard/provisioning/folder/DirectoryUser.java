package io.switchboard.provisioning.folder;

/**
 * A user of FreeSWITCH's directory as the connector's API shows it: {@code id} is the user's number
 * in its context.
 */
public record DirectoryUser(
    String id,
    String context,
    String password,
    String conpin,
    String name,
    String email,
    String polymac) {
  /** The connector's value for a user without a Polycom phone. */
  public static final String NO_PHONE = "none";

  public DirectoryUser withoutPassword() {
    return new DirectoryUser(id, context, null, conpin, name, email, polymac);
  }
}
