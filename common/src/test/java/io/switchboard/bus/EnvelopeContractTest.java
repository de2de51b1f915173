package io.switchboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.testkit.contract.TopicContract;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The envelopes as the code writes them match docs/asyncapi.yaml, and every topic is documented.
 */
class EnvelopeContractTest {
  private final TopicContract contract = TopicContract.load();

  @Test
  void theDocumentedTopicsAreExactlyTheOnesTheCodeKnows() {
    Set<String> ours = Topics.ALL.stream().map(Topics.Spec::name).collect(Collectors.toSet());
    assertEquals(ours, Set.copyOf(contract.topics()));
  }

  @Test
  void envelopesMatchTheirTopics() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Event-Name", "CUSTOM");
    headers.put("Event-Subclass", "conference::maintenance");
    headers.put("Action", "add-member");
    FsEvent event =
        new FsEvent(
            FsEvent.VERSION,
            "node-1",
            "0",
            1_700_000_000_000L,
            1,
            1_700_000_000_000L,
            "CUSTOM",
            "conference::maintenance",
            headers,
            null);
    contract.validate(Topics.EVENTS_CONFERENCE, Json.encode(event));
    contract.validate(
        Topics.COMMANDS, Json.encode(Command.api("c1", "node-1", "reloadxml", "test", 1, 2)));
    contract.validate(
        Topics.COMMANDS,
        Json.encode(Command.filePut("c2", "node-1", "a.xml", "<x/>", "test", 1, 2)));
    contract.validate(
        Topics.COMMANDS,
        Json.encode(Command.sealedFilePut("c3", "node-1", "a.xml", "gcm1.k.x", "test", 1, 2)));
    contract.validate(
        Topics.COMMAND_RESULTS,
        Json.encode(
            new CommandResult(
                1, "c1", "node-1", CommandResult.Status.OK, "+OK", null, 1, 2, 3, null)));
    contract.validate(
        Topics.COMMAND_RESULTS,
        Json.encode(
            new CommandResult(
                1, "c1", "node-1", CommandResult.Status.OK, "<sect", null, 1, 2, 3, 2_000_000L)));
    contract.validate(
        Topics.COMMAND_RESULTS,
        Json.encode(
            new CommandResult(
                1, "c1", "node-1", CommandResult.Status.UNKNOWN, null, "stopped", 1, 0, 3, null)));
  }

  @Test
  void provisioningChangesMatchTheirTopic() {
    contract.validate(
        Topics.PROVISIONING_CHANGES,
        Json.encode(
            new ProvisioningChange(
                ProvisioningChange.VERSION,
                "change-1",
                "admin",
                "users/add",
                1,
                List.of("directory/team/20000.xml"),
                false,
                "node-1: [error near line 12]: unclosed tag <user>",
                Map.of(
                    "node-1",
                    new ProvisioningChange.NodeOutcome(
                        "refused", "[error near line 12]: unclosed tag <user>"),
                    "node-2",
                    new ProvisioningChange.NodeOutcome("unreachable", null)),
                List.of("node-2"))));
  }

  @Test
  void nodeStatesMatchTheirTopic() {
    contract.validate(
        Topics.NODES,
        Json.encode(
            new NodeState(
                1,
                "node-1",
                true,
                1,
                "1.10.12",
                "0 years, 1 day",
                5,
                List.of(
                    new NodeState.Socket("0", "127.0.0.1:8021", true, 1, List.of("HEARTBEAT"), 5)),
                6)));
  }

  @Test
  void sipRegistrationsMatchTheirTopicWithAndWithoutAFailure() {
    contract.validate(
        Topics.SIP_REGISTRATIONS,
        Json.encode(
            new SipRegistration(
                1, "71234", "node-1", "external", "conf_71234", 1, "REGED", 5, 1, null, 6)));
    contract.validate(
        Topics.SIP_REGISTRATIONS,
        Json.encode(
            new SipRegistration(
                1,
                "71234",
                "node-1",
                "external",
                "conf_71234",
                2,
                "FAILED",
                5,
                1,
                new SipRegistration.Failure("FAILED", 403, "Forbidden", 5),
                6)));
    assertThrows(
        AssertionError.class,
        () ->
            contract.validate(
                Topics.SIP_REGISTRATIONS,
                Json.encode(
                    new SipRegistration(
                        1,
                        "71234",
                        "node-1",
                        "external",
                        "conf 71234",
                        1,
                        "REGED",
                        5,
                        1,
                        null,
                        6))));
  }

  @Test
  void theValidatorRejectsWhatDoesNotMatch() {
    assertThrows(
        AssertionError.class,
        () ->
            contract.validate(
                Topics.COMMANDS,
                "{\"v\":1,\"id\":\"x\",\"node\":\"n\",\"op\":\"shell\",\"issuer\":\"i\",\"expiresAt\":1}"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        AssertionError.class,
        () -> contract.validate(Topics.NODES, "{\"v\":2}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        AssertionError.class,
        () -> contract.validate("no.such.topic", "{}".getBytes(StandardCharsets.UTF_8)));
  }
}
