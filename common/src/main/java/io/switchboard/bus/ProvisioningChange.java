package io.switchboard.bus;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One change of the FreeSWITCH configuration by provisioning-service, on {@code
 * provisioning.changes} keyed by its id: an audit record. It names files, never their content, so
 * no password can travel in it.
 *
 * @param who "admin", an API user, or "folder" for a hand edit
 * @param what the operation, e.g. {@code users/add}
 * @param at when the nodes had answered (epoch ms)
 * @param paths the files changed, relative to the configuration folder
 * @param applied whether the change stands
 * @param error when not applied, the first refusal as {@code <node>: <FreeSWITCH's text>}
 * @param nodes each node's answer
 * @param behind nodes that did not answer and get the change when they return
 */
@JsonPropertyOrder({"v", "id", "who", "what", "at", "paths", "applied", "error", "nodes", "behind"})
public record ProvisioningChange(
    int v,
    String id,
    String who,
    String what,
    long at,
    List<String> paths,
    boolean applied,
    String error,
    Map<String, NodeOutcome> nodes,
    List<String> behind) {
  public static final int VERSION = 1;

  /**
   * @param outcome loaded, refused, failed or unreachable
   * @param detail FreeSWITCH's or the gateway's text, when there is one
   */
  public record NodeOutcome(String outcome, String detail) {}
}
