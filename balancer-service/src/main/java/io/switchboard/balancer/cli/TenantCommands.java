package io.switchboard.balancer.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The CLI's tenant commands over {@code /admin/tenants}. A tenant's JSON and a new secret come from
 * standard input (or {@code TENANT_SECRET}), never from the command line.
 */
final class TenantCommands {
  private TenantCommands() {}

  static String path(String id) {
    return "/admin/tenants/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Command(name = "tenants", description = "List the tenants (never their secrets), as JSON.")
  static final class ListTenants extends BalancerCli.Sub {
    @Override
    public Integer call() throws Exception {
      return parent.call("GET", "/admin/tenants", null, false);
    }
  }

  @Command(
      name = "tenant-put",
      description =
          "Create or replace a tenant from its JSON on standard input (as in the tenants file); "
              + "without \"secrets\" an existing tenant keeps its own.")
  static final class PutTenant extends BalancerCli.Sub {
    @Parameters(index = "0", description = "tenant id")
    String id;

    @Override
    public Integer call() throws Exception {
      JsonObject spec;
      try {
        spec = new JsonObject(parent.readAll());
      } catch (DecodeException e) {
        throw new IllegalStateException("standard input is not a JSON object: " + e.getMessage());
      }
      return parent.call("PUT", path(id), spec, false);
    }
  }

  @Command(
      name = "tenant-rotate",
      description =
          "Give a tenant a new secret (env TENANT_SECRET or the first line of standard input); "
              + "its current secrets stay valid for --overlap seconds.")
  static final class RotateSecret extends BalancerCli.Sub {
    @Parameters(index = "0", description = "tenant id")
    String id;

    @Option(
        names = "--overlap",
        required = true,
        description = "seconds the old secrets stay valid")
    long overlapSeconds;

    @Override
    public Integer call() throws Exception {
      String secret = parent.env().get("TENANT_SECRET");
      if (secret == null || secret.isBlank()) {
        secret = parent.readSecret();
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalStateException(
            "give the new secret in env TENANT_SECRET or on standard input");
      }
      return parent.call(
          "POST",
          path(id) + "/secrets",
          new JsonObject().put("secret", secret.trim()).put("overlapSeconds", overlapSeconds),
          false);
    }
  }

  @Command(name = "tenant-remove", description = "Remove a tenant.")
  static final class RemoveTenant extends BalancerCli.Sub {
    @Parameters(index = "0", description = "tenant id")
    String id;

    @Override
    public Integer call() throws Exception {
      return parent.call("DELETE", path(id), null, false);
    }
  }
}
