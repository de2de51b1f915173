package io.switchboard.balancer.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The pool admin's command line; it calls the balancer's admin API. The admin token comes from the
 * environment ({@code ADMIN_TOKEN}) and a server's secret from {@code BBB_SECRET} or standard
 * input, never from the command line, where other users of the machine could read them.
 *
 * <pre>
 * java -cp balancer-service.jar io.switchboard.balancer.cli.BalancerCli --url http://lb:8090 list
 * </pre>
 */
@Command(
    name = "balancer-cli",
    mixinStandardHelpOptions = true,
    description = "Manage the balancer's BBB server pool and its tenants.",
    subcommands = {
      BalancerCli.Add.class,
      BalancerCli.ListServers.class,
      BalancerCli.Enable.class,
      BalancerCli.Disable.class,
      BalancerCli.Cordon.class,
      BalancerCli.Panic.class,
      BalancerCli.Remove.class,
      BalancerCli.SetLoadMultiplier.class,
      TenantCommands.ListTenants.class,
      TenantCommands.PutTenant.class,
      TenantCommands.RotateSecret.class,
      TenantCommands.RemoveTenant.class
    })
public final class BalancerCli {
  private static final String DEFAULT_URL = "http://127.0.0.1:8090";

  // No picocli ${env:...} default: it would read the process's environment, not the one given to
  // run().
  @Option(
      names = "--url",
      description =
          "the balancer's HTTP address (default: env BALANCER_URL, else " + DEFAULT_URL + ")")
  String url;

  private final Map<String, String> env;
  private final InputStream in;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  BalancerCli(Map<String, String> env, InputStream in, PrintStream out) {
    this.env = env;
    this.in = in;
    this.out = out;
  }

  Map<String, String> env() {
    return env;
  }

  private String url() {
    if (url != null) {
      return url;
    }
    String fromEnv = env.get("BALANCER_URL");
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_URL : fromEnv;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.in, System.out, System.err));
  }

  /** Runs one command; returns the exit code (0 done, 1 refused or failed, 2 usage). */
  public static int run(
      String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new BalancerCli(env, in, out));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          err.println("balancer-cli: " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  /** Calls the admin API; prints the answer and returns the exit code. */
  int call(String method, String path, JsonObject body, boolean listing)
      throws InterruptedException {
    String token = env.get("ADMIN_TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("set ADMIN_TOKEN in the environment");
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url().replaceAll("/+$", "") + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + url() + ": " + e);
    }
    JsonObject answer;
    try {
      answer = new JsonObject(response.body());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "HTTP " + response.statusCode() + " from " + url() + ": not the balancer's admin API?");
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(answer.getString("error", "HTTP " + response.statusCode()));
    }
    if (listing) {
      printTable(answer.getJsonArray("servers", new JsonArray()));
    } else {
      out.println(answer.getString("message", answer.encode()));
    }
    return 0;
  }

  private void printTable(JsonArray servers) {
    out.printf(
        "%-20s %-9s %-7s %8s %6s %8s  %s%n",
        "ID", "STATE", "ONLINE", "MEETINGS", "MULT", "LOAD", "URL");
    for (int i = 0; i < servers.size(); i++) {
      JsonObject s = servers.getJsonObject(i);
      Object online = s.getValue("online");
      out.printf(
          "%-20s %-9s %-7s %8d %6.2f %8.2f  %s%n",
          s.getString("id"),
          s.getString("state"),
          online == null ? "?" : online.toString(),
          s.getLong("meetings", 0L),
          s.getDouble("loadMultiplier", 1.0),
          s.getDouble("load", 0.0),
          s.getString("url"));
    }
  }

  static String path(String id) {
    return "/admin/servers/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** Base of the subcommands: the parent's options and its client. */
  abstract static class Sub implements Callable<Integer> {
    @CommandLine.ParentCommand BalancerCli parent;
  }

  /** A POST to /admin/servers/{id}/{the subcommand's name}. */
  abstract static class ServerAction extends Sub {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "server id")
    String id;

    @Override
    public Integer call() throws Exception {
      return parent.call("POST", path(id) + "/" + spec.name(), null, false);
    }
  }

  @Command(
      name = "add",
      description =
          "Add a server (disabled until enabled). Its secret comes from env BBB_SECRET "
              + "or the first line of standard input.")
  static final class Add extends Sub {
    @Parameters(index = "0", description = "server id")
    String id;

    @Parameters(index = "1", description = "API URL, https://host/bigbluebutton/api")
    String apiUrl;

    @Option(names = "--load-multiplier", defaultValue = "1.0")
    double multiplier;

    @Option(
        names = "--tag",
        description = "Scalelite's server tag: creates asking for it (meta_server-tag) go here")
    String tag;

    @Override
    public Integer call() throws Exception {
      String secret = parent.env.get("BBB_SECRET");
      if (secret == null || secret.isBlank()) {
        secret = parent.readSecret();
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalStateException(
            "give the server's secret in env BBB_SECRET or on standard input");
      }
      return parent.call(
          "POST",
          "/admin/servers",
          new JsonObject()
              .put("id", id)
              .put("url", apiUrl)
              .put("secret", secret.trim())
              .put("loadMultiplier", multiplier)
              .put("tag", tag),
          false);
    }
  }

  /** From the terminal without echo when there is one, else the first line of standard input. */
  String readSecret() throws java.io.IOException {
    java.io.Console console = System.console();
    if (in == System.in && console != null) {
      char[] typed = console.readPassword("Secret: ");
      return typed == null ? null : new String(typed);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
  }

  /** All of standard input: a tenant's JSON, which holds its secrets. */
  String readAll() throws java.io.IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Command(name = "list", description = "List the pool.")
  static final class ListServers extends Sub {
    @Override
    public Integer call() throws Exception {
      return parent.call("GET", "/admin/servers", null, true);
    }
  }

  @Command(name = "enable", description = "Let a server take new meetings.")
  static final class Enable extends ServerAction {}

  @Command(name = "disable", description = "Take a server out: no new meetings, joins refused.")
  static final class Disable extends ServerAction {}

  @Command(name = "cordon", description = "No new meetings on a server; its meetings continue.")
  static final class Cordon extends ServerAction {}

  @Command(name = "panic", description = "End every meeting on a server and disable it.")
  static final class Panic extends ServerAction {}

  @Command(name = "remove", description = "Remove a server from the pool.")
  static final class Remove extends Sub {
    @Parameters(index = "0")
    String id;

    @Override
    public Integer call() throws Exception {
      return parent.call("DELETE", path(id), null, false);
    }
  }

  @Command(
      name = "set-load-multiplier",
      description = "Weigh a server's load (2.0 = counts double).")
  static final class SetLoadMultiplier extends Sub {
    @Parameters(index = "0")
    String id;

    @Parameters(index = "1")
    double value;

    @Override
    public Integer call() throws Exception {
      return parent.call(
          "PUT", path(id) + "/load-multiplier", new JsonObject().put("value", value), false);
    }
  }
}
