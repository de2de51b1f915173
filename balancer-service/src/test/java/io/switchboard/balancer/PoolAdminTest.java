package io.switchboard.balancer;

import static io.switchboard.balancer.BalancerFixture.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.balancer.cli.BalancerCli;
import io.switchboard.balancer.state.ServerRecord;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import io.switchboard.testkit.kafka.KafkaBroker;
import io.switchboard.testkit.kafka.KafkaExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool admin API and the CLI in front of it. */
@ExtendWith(KafkaExtension.class)
class PoolAdminTest {

  @Test
  void everyAdminCallNeedsTheToken(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      assertEquals(401, f.admin("GET", "/admin/servers", null, null).statusCode());
      assertEquals(401, f.admin("GET", "/admin/servers", null, "wrong").statusCode());
      assertEquals(401, f.admin("POST", "/admin/servers", "{}", null).statusCode());
      assertEquals(401, f.admin("POST", "/admin/servers/x/panic", null, null).statusCode());
      assertEquals(200, f.management("/health/live").statusCode());
      assertEquals(
          400,
          f.admin(
                  "POST",
                  "/admin/servers",
                  "{\"id\":\"x\",\"url\":\"ftp://x\",\"secret\":\"s\"}",
                  BalancerFixture.TOKEN)
              .statusCode());
      assertEquals(
          404,
          f.admin("POST", "/admin/servers/nope/enable", null, BalancerFixture.TOKEN).statusCode());
    }
  }

  @Test
  void theCliManagesThePool(KafkaBroker broker) throws Exception {
    try (BalancerFixture f = new BalancerFixture(broker.bootstrapServers())) {
      f.startInstance();
      BbbServerSimulator a = f.startSimulator("a");
      BbbServerSimulator b = f.startSimulator("b");
      Map<String, String> env = Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN);
      addByCli(f, env, a, b);
      assertEquals(
          ServerRecord.PoolState.DISABLED,
          f.first().balancer().state().server("a").orElseThrow().record().state(),
          "new servers start disabled");
      assertEquals(
          "internalError", xml(f.call("create", "name=None&meetingID=none").body(), "messageKey"));

      assertEquals(0, cli(f, env, "", "enable", "a").code());
      assertEquals(0, cli(f, env, "", "enable", "b").code());
      assertEquals(0, cli(f, env, "", "set-load-multiplier", "b", "3").code());
      Await.until(
          () ->
              f.first().balancer().state().server("a").orElseThrow().placeable()
                  && f.first().balancer().state().server("b").orElseThrow().placeable(),
          "both placeable");
      Result list = cli(f, env, "", "list");
      assertTrue(list.out().contains("a ") && list.out().contains("3.00"), list.out());
      assertFalse(list.out().contains(a.config().secret()), "no secret in the listing");

      f.call("create", "name=One&meetingID=m1");
      f.call("create", "name=Two&meetingID=m2");
      f.call("create", "name=Three&meetingID=m3");
      assertTrue(
          a.meeting("m1").isPresent() && b.meeting("m2").isPresent(),
          "equal loads, then the emptier server");
      assertTrue(a.meeting("m3").isPresent(), "b's one meeting weighs 3, a's weighs 1");

      assertEquals(0, cli(f, env, "", "cordon", "a").code());
      f.call("create", "name=Four&meetingID=m4");
      assertTrue(b.meeting("m4").isPresent(), "a cordoned server takes no new meeting");
      assertEquals(
          302,
          f.call("join", "meetingID=m1&fullName=Eve&role=VIEWER").statusCode(),
          "its meetings continue");

      assertEquals(0, cli(f, env, "", "panic", "a").code());
      assertTrue(a.meetings().isEmpty(), "panic ends the server's meetings");
      assertTrue(f.first().balancer().state().meeting("m1").isEmpty());
      assertEquals(
          ServerRecord.PoolState.DISABLED,
          f.first().balancer().state().server("a").orElseThrow().record().state());

      assertEquals(0, cli(f, env, "", "disable", "b").code());
      assertEquals(
          "serverUnavailable",
          xml(f.call("join", "meetingID=m4&fullName=Eve&role=VIEWER").body(), "messageKey"));
      assertEquals(0, cli(f, env, "", "remove", "b").code());
      assertTrue(f.first().balancer().state().server("b").isEmpty());

      assertCliRefusalsAndItsEnvironmentUrl(f, env);
    }
  }

  /** a with its secret on the command line, b with BBB_SECRET and a load multiplier. */
  private static void addByCli(
      BalancerFixture f, Map<String, String> env, BbbServerSimulator a, BbbServerSimulator b)
      throws Exception {
    assertEquals(0, cli(f, env, a.config().secret(), "add", "a", a.apiUrl()).code());
    assertEquals(
        0,
        cli(
                f,
                Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN, "BBB_SECRET", b.config().secret()),
                "",
                "add",
                "b",
                b.apiUrl(),
                "--load-multiplier",
                "2")
            .code());
  }

  /** Exit codes: 1 for a refused call, 2 for a command it does not know. */
  private static void assertCliRefusalsAndItsEnvironmentUrl(
      BalancerFixture f, Map<String, String> env) throws Exception {
    assertEquals(1, cli(f, Map.of(), "", "list").code(), "no token, no call");
    assertEquals(1, cli(f, env, "", "enable", "nope").code());
    assertEquals(2, cli(f, env, "", "frobnicate").code());

    ByteArrayOutputStream listed = new ByteArrayOutputStream();
    int code =
        BalancerCli.run(
            new String[] {"list"},
            Map.of("ADMIN_TOKEN", BalancerFixture.TOKEN, "BALANCER_URL", f.first().base()),
            InputStream.nullInputStream(),
            new PrintStream(listed, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));
    assertEquals(0, code, "without --url, BALANCER_URL of the given environment: " + listed);
    assertTrue(
        listed.toString(StandardCharsets.UTF_8).contains("a "),
        listed.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String out) {}

  private static Result cli(
      BalancerFixture f, Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = f.first().base();
    System.arraycopy(args, 0, all, 2, args.length);
    int code =
        BalancerCli.run(
            all,
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));
    return new Result(code, out.toString(StandardCharsets.UTF_8));
  }
}
