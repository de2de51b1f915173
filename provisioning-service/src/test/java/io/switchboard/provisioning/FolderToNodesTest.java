package io.switchboard.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.provisioning.apply.ApplyOutcome;
import io.switchboard.provisioning.node.NodeAnswer;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration folder reaches two nodes through their real gateways, and a configuration a
 * node refuses reaches none.
 */
@ExtendWith(KafkaExtension.class)
class FolderToNodesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The gateway masks passwords in what it relays: the name is what a test can see. */
  static String user(String id, String name) {
    return String.join(
        "\n",
        "<include>",
        "  <user id=\"" + id + "\">",
        "    <params>",
        "      <param name=\"password\" value=\"secret\"/>",
        "    </params>",
        "    <variables>",
        "      <variable name=\"effective_caller_id_name\" value=\"" + name + "\"/>",
        "    </variables>",
        "  </user>",
        "</include>",
        "");
  }

  private static boolean allLoad(ClusterFixture f, String context, String needle) {
    try {
      for (String node : f.nodeIds()) {
        if (!f.loadedDomain(node, context).contains(needle)) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aHandEditedUserIsLoadedByEveryNodeAndItsRemovalToo(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.handEdit("directory/team/20000.xml", user("20000", "first"));
      f.startService();
      Await.until(() -> allLoad(f, "team", "id=\"20000\""), "both nodes load 20000", PATIENCE);
      JsonObject ready = new JsonObject(f.management("/health/ready"));
      assertEquals("UP", ready.getString("status"), ready.encode());
      assertEquals("UP", ready.getJsonObject("checks").getString("result-follower"));
      Await.until(
          () ->
              metrics(f)
                  .contains(
                      "switchboard_provisioning_users{context=\"team\",service=\"provisioning-service\"} 1.0"),
          "the users gauge counts 20000",
          PATIENCE);
      String metrics = metrics(f);
      for (String node : f.nodeIds()) {
        assertTrue(
            metrics.contains(
                "switchboard_provisioning_reloads_total{node=\"" + node + "\",outcome=\"loaded\""),
            metrics);
      }

      f.handEdit("directory/team/20000.xml", user("20000", "second"));
      Await.until(
          () -> allLoad(f, "team", "value=\"second\""), "both nodes load the edit", PATIENCE);

      Files.delete(f.serviceDir.resolve("directory/team/20000.xml"));
      Await.until(
          () -> f.nodeIds().stream().noneMatch(n -> Files.exists(fileOn(f, n, "20000"))),
          "the file leaves both nodes",
          PATIENCE);
      // The files go first, the reload after them.
      Await.until(
          () -> f.nodeIds().stream().noneMatch(n -> loads(f, n, "20000")),
          "no node loads 20000",
          PATIENCE);
      assertTrue(f.service.provisioner().behindNodes().isEmpty());
    }
  }

  private static boolean loads(ClusterFixture f, String node, String id) {
    try {
      return f.loadedDomain(node, "team").contains("id=\"" + id + "\"");
    } catch (Exception e) {
      return true;
    }
  }

  private static String metrics(ClusterFixture f) {
    try {
      return f.management("/metrics");
    } catch (Exception e) {
      return "";
    }
  }

  private static Path fileOn(ClusterFixture f, String node, String id) {
    return f.nodeDirs.get(node).resolve("directory/team/" + id + ".xml");
  }

  @Test
  void aMalformedHandEditIsRefusedWithFreeSwitchsTextAndNoNodeKeepsIt(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.handEdit("directory/team/20000.xml", user("20000", "good"));
      f.startService();
      Await.until(() -> allLoad(f, "team", "value=\"good\""), "both nodes load 20000", PATIENCE);

      String unclosed = user("20001", "x").replace("</user>", "");
      f.handEdit("directory/team/20001.xml", unclosed);
      f.handEdit("directory/team/20000.xml", user("20000", "changed-with-the-bad-one"));
      Await.until(
          () -> f.service.provisioner().last() != null && !f.service.provisioner().last().applied(),
          "the edit is refused",
          PATIENCE);

      ApplyOutcome outcome = f.service.provisioner().last();
      for (String node : f.nodeIds()) {
        NodeAnswer answer = outcome.answers().get(node);
        assertEquals(NodeAnswer.Kind.REFUSED, answer.kind(), node + ": " + answer);
        // FreeSWITCH counts the line in the merged configuration and names no file.
        assertTrue(answer.detail().startsWith("[error near line "), answer.detail());
        assertFalse(answer.detail().contains("20001.xml"), answer.detail());
        assertTrue(outcome.rollback().get(node).ok(), node + " reloaded its old files");
        assertFalse(Files.exists(fileOn(f, node, "20001")), node + " kept the bad file");
        assertEquals(user("20000", "good"), Files.readString(fileOn(f, node, "20000")));
        assertTrue(f.loadedDomain(node, "team").contains("value=\"good\""));
      }
      assertTrue(outcome.error().contains("[error near line "), outcome.error());
      // The editor's files stay as they were written.
      assertEquals(unclosed, Files.readString(f.serviceDir.resolve("directory/team/20001.xml")));
    }
  }

  @Test
  void aNodeWhoseGatewayIsDownIsBehindAndGetsTheChangeWhenItReturns(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.startService();
      String down = f.nodeIds().get(1);
      f.stopGateway(down);

      f.handEdit("directory/team/20002.xml", user("20002", "while-down"));
      Await.until(
          () -> f.service.provisioner().behindNodes().contains(down),
          down + " is behind",
          PATIENCE);
      String up = f.nodeIds().get(0);
      assertTrue(f.loadedDomain(up, "team").contains("id=\"20002\""));
      assertFalse(Files.exists(fileOn(f, down, "20002")));

      f.startGateway(down);
      f.awaitGateway(down);
      Await.until(
          () -> f.service.provisioner().behindNodes().isEmpty(), down + " caught up", PATIENCE);
      assertTrue(f.loadedDomain(down, "team").contains("id=\"20002\""));
    }
  }

  @Test
  void aDomainLargerThanAGatewayReplyIsNotAskedForAfterAReload(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.handEdit("directory/team/20004.xml", user("20004", "kept"));
      f.startService(Map.of("PROVISIONING_LOCATE_MAX_BYTES", "64"));
      Await.until(() -> allLoad(f, "team", "id=\"20004\""), "both nodes load 20004", PATIENCE);
      String node = f.nodeIds().get(1);
      // A reload first lets the start settle (a node that connects late is checked when it
      // does); allLoad asks for the domain itself, as a test's own look, before the count.
      reloadAndAwaitCheck(f, node);
      long domainAsked = asked(f, node, "xml_locate directory domain name team");
      reloadAndAwaitCheck(f, node);
      reloadAndAwaitCheck(f, node);
      assertEquals(
          domainAsked,
          asked(f, node, "xml_locate directory domain name team"),
          () ->
              "team's files are larger than a reply, so it is not asked for (friends has none): "
                  + f.nodes.get(node).commandLog());
      assertTrue(f.service.provisioner().behindNodes().isEmpty());
    }
  }

  /** Someone's reloadxml on {@code node}, then the service's check of the small dialplan. */
  private static void reloadAndAwaitCheck(ClusterFixture f, String node) throws Exception {
    long before = asked(f, node, "xml_locate dialplan context name team");
    f.service.ask(node, "reloadxml").toCompletionStage().toCompletableFuture().get();
    Await.until(
        () -> asked(f, node, "xml_locate dialplan context name team") > before,
        "the service checks the small dialplan context after the reload",
        PATIENCE);
  }

  private static long asked(ClusterFixture f, String node, String command) {
    return f.nodes.get(node).commandLog().stream().filter(c -> c.contains(command)).count();
  }

  @Test
  void aNodeThatLostAFileGetsItBackAfterAReloadAnyoneTriggers(KafkaBroker broker, @TempDir Path dir)
      throws Exception {
    try (ClusterFixture f = new ClusterFixture(broker.bootstrapServers(), dir, 2)) {
      f.handEdit("directory/team/20003.xml", user("20003", "kept"));
      f.startService();
      Await.until(() -> allLoad(f, "team", "id=\"20003\""), "both nodes load 20003", PATIENCE);
      String node = f.nodeIds().get(1);
      Files.delete(fileOn(f, node, "20003"));
      // Someone else's reloadxml: the node drops the user, fires RELOADXML, and the service
      // learns from xml_locate that the node lacks a file.
      f.service.ask(node, "reloadxml").toCompletionStage().toCompletableFuture().get();
      Await.until(() -> Files.exists(fileOn(f, node, "20003")), "the file is back", PATIENCE);
      Await.until(() -> allLoad(f, "team", "id=\"20003\""), node + " loads 20003 again", PATIENCE);
      Await.until(
          () -> f.service.provisioner().behindNodes().isEmpty(), "no node is behind", PATIENCE);
    }
  }
}
