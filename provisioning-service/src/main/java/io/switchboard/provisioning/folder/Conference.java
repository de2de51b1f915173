package io.switchboard.provisioning.folder;

/**
 * A conference extension as the connector's API shows it: {@code num} is dialled in {@code context}
 * and joins the conference {@code name} with the profile {@code type}.
 */
public record Conference(String num, String name, String type, String context) {}
