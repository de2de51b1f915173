package io.switchboard.launcher;

import static io.switchboard.launcher.Futures.await;

import io.switchboard.balancer.Balancer;
import io.switchboard.balancer.BalancerConfig;
import io.switchboard.config.Config;
import io.switchboard.provisioning.ProvisioningConfig;
import io.switchboard.provisioning.ProvisioningService;
import io.switchboard.registration.RegistrationConfig;
import io.switchboard.registration.RegistrationService;
import io.switchboard.service.Closer;
import io.switchboard.service.ServiceRuntime;
import io.switchboard.testkit.freeswitch.DefaultConfiguration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the cluster's services, each on its own runtime (its own Vert.x and meter registry, so its
 * own /metrics) as its main class would, with settings the demo chooses.
 */
final class ServiceStarter {
  /** The balancer's tenant in the demo, served under /demo/bigbluebutton/api. */
  static final String TENANT = "demo";

  private final DemoConfig config;
  private final DataFolder data;
  private final Map<String, String> common;
  private final Closer started;

  ServiceStarter(DemoConfig config, DataFolder data, Map<String, String> common, Closer started) {
    this.config = config;
    this.data = data;
    this.common = common;
    this.started = started;
  }

  RunningService registration(Registrar registrar) throws Exception {
    Map<String, String> settings = settings("REGISTRATION");
    settings.put("REGISTRAR_PROXY", registrar.address());
    settings.put("REGISTRAR_SECRET", data.hexSecret("registrar-secret"));
    // Fast enough to watch: a failed registration is retried within seconds.
    settings.put("REGISTRAR_RETRY_SECONDS", "5");
    settings.put("REGISTRAR_EXPIRE_SECONDS", "60");
    settings.put("REGISTRATION_RETRY_MAX", "5s");
    ServiceRuntime runtime = runtime("registration-service");
    RegistrationService service =
        started.add(
            await(
                RegistrationService.start(runtime, RegistrationConfig.from(Config.of(settings)))));
    return new RunningService(
        "registration-service", service, service.httpPort(), "/admin/registrations");
  }

  RunningService provisioning(List<String> nodes) throws Exception {
    Path folder = Files.createDirectories(data.resolve("provisioning"));
    // Its conference types are the profiles of the nodes' conference.conf.xml (cdquality).
    DefaultConfiguration.installIfMissing(folder);
    Map<String, String> settings = settings("PROVISIONING");
    settings.put("PROVISIONING_CONF_DIR", folder.toString());
    settings.put("PROVISIONING_CONTEXTS", SimulatedNode.CONTEXT + ":1000-1999");
    settings.put("PROVISIONING_API_CONTEXT", SimulatedNode.CONTEXT);
    settings.put("PROVISIONING_NODES", String.join(",", nodes));
    settings.put(
        "PROVISIONING_RECORDINGS_DIR",
        Files.createDirectories(data.resolve("recordings")).toString());
    settings.put("PROVISIONING_INSTANCE_ID", "demo-provisioning");
    ServiceRuntime runtime = runtime("provisioning-service");
    ProvisioningService service =
        started.add(
            await(
                ProvisioningService.start(runtime, ProvisioningConfig.from(Config.of(settings)))));
    return new RunningService("provisioning-service", service, service.httpPort(), "/api/users");
  }

  RunningService balancer() throws Exception {
    Map<String, String> settings = settings("BALANCER");
    settings.put("BALANCER_SECRET", data.hexSecret("balancer-secret"));
    settings.put("BALANCER_STATE_KEY", data.base64Key("balancer-state-key"));
    settings.put("BALANCER_INSTANCE_ID", "demo-balancer");
    // Participant counts come from polling the servers: often enough to watch them change.
    settings.put("BALANCER_POLL_INTERVAL", "2s");
    // One tenant, so that the per-tenant figures show: a front end of its own at /demo.
    settings.put(
        "BALANCER_TENANTS_FILE",
        data.write(
                "balancer-tenants.json",
                new JsonObject()
                    .put(
                        "tenants",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("id", TENANT)
                                    .put("pathPrefix", "/" + TENANT)
                                    .put(
                                        "secrets",
                                        new JsonArray()
                                            .add(
                                                new JsonObject()
                                                    .put(
                                                        "secret",
                                                        data.hexSecret(
                                                            "tenant-" + TENANT + "-secret"))))))
                    .encodePrettily())
            .toString());
    ServiceRuntime runtime = runtime("balancer-service");
    Balancer balancer =
        started.add(await(Balancer.start(runtime, BalancerConfig.from(Config.of(settings)))));
    return new RunningService(
        "balancer-service", balancer, balancer.httpPort(), "/bigbluebutton/api");
  }

  private ServiceRuntime runtime(String name) {
    ServiceRuntime runtime = ServiceRuntime.create(name);
    started.add(runtime::close);
    return runtime;
  }

  /** The common settings and the service's ports (DEMO_{name}_HTTP_PORT, _MANAGEMENT_PORT). */
  private Map<String, String> settings(String name) {
    Map<String, String> settings = new HashMap<>(common);
    settings.put("HTTP_PORT", Integer.toString(config.port("DEMO_" + name + "_HTTP_PORT", 0)));
    settings.put(
        "MANAGEMENT_PORT", Integer.toString(config.port("DEMO_" + name + "_MANAGEMENT_PORT", 0)));
    return settings;
  }
}
