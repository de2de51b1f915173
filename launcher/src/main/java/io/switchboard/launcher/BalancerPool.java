package io.switchboard.launcher;

import io.switchboard.balancer.cli.BalancerCli;
import io.switchboard.testkit.bbb.BbbServerSimulator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The balancer's pool, filled with the pool CLI as an operator would. */
final class BalancerPool {
  private final String url;
  private final String adminToken;

  BalancerPool(String url, String adminToken) {
    this.url = url;
    this.adminToken = adminToken;
  }

  /**
   * Adds and enables {@code bbb}. A restarted demo finds its servers on Kafka already, perhaps at
   * other ports (port 0) or with a secret sealed under the key of a wiped data folder: each is
   * added afresh. A remove of a server the pool does not know is refused, and that is fine.
   */
  void add(BbbServerSimulator bbb) {
    cli(Map.of(), "remove", bbb.serverId());
    String added =
        cli(Map.of("BBB_SECRET", bbb.config().secret()), "add", bbb.serverId(), bbb.apiUrl());
    if (added != null) {
      throw new IllegalStateException(
          "could not add " + bbb.serverId() + " to the balancer: " + added);
    }
    String enabled = cli(Map.of(), "enable", bbb.serverId());
    if (enabled != null) {
      throw new IllegalStateException(
          "could not enable " + bbb.serverId() + " on the balancer: " + enabled);
    }
  }

  /** Runs the pool CLI; null when it succeeded, else what it said. */
  private String cli(Map<String, String> env, String... args) {
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("ADMIN_TOKEN", adminToken);
    String[] withUrl = new String[args.length + 2];
    withUrl[0] = "--url";
    withUrl[1] = url;
    System.arraycopy(args, 0, withUrl, 2, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        BalancerCli.run(
            withUrl,
            withToken,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return code == 0 ? null : out.toString(StandardCharsets.UTF_8).strip();
  }
}
