package io.switchboard.launcher;

import java.util.ArrayList;
import java.util.List;

/** The lines the demo prints: where everything listens and how to try it; never a secret. */
final class DemoSummary {
  private final Demo demo;

  DemoSummary(Demo demo) {
    this.demo = demo;
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("Kafka:        " + demo.bootstrapServers());
    lines.add("Registrar:    " + demo.registrar().description() + " at udp:" + registrar());
    demo.nodes().values().stream()
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(node -> lines.addAll(node(node)));
    RunningService balancer = demo.service("balancer-service");
    lines.add(
        "BBB API:      "
            + balancer.httpUrl()
            + "/bigbluebutton/api (the balancer; secret in "
            + demo.dataDir().resolve("balancer-secret")
            + ")");
    lines.add(
        "Tenant API:   "
            + balancer.httpUrl()
            + "/"
            + ServiceStarter.TENANT
            + "/bigbluebutton/api (tenant "
            + ServiceStarter.TENANT
            + "; secret in "
            + demo.dataDir().resolve("tenant-" + ServiceStarter.TENANT + "-secret")
            + ")");
    for (RunningService service : demo.services()) {
      lines.add(
          String.format(
              "%-21s API %s%s, metrics %s/metrics, health %s/health/ready",
              service.name() + ":",
              service.httpUrl(),
              service.api(),
              service.managementUrl(),
              service.managementUrl()));
    }
    lines.add(
        "Admin token:  "
            + (demo.adminTokenGiven()
                ? "the ADMIN_TOKEN you set"
                : demo.dataDir().resolve("admin-token").toString())
            + " (Authorization: Bearer <token> on the admin APIs)");
    lines.add(
        "Test call:    create a meeting (its <voiceBridge> is the room's number), wait until "
            + registrationsUrl()
            + " shows it REGED, then");
    lines.add("              sipp -sn uac -s <voiceBridge> -m 1 -i 127.0.0.1 " + registrar());
    lines.add(
        "              (the registrar sends the INVITE to the node hosting the room; the"
            + " simulated FreeSWITCH does not answer it)");
    return lines;
  }

  private String registrar() {
    return demo.registrar().address();
  }

  private String registrationsUrl() {
    return demo.service("registration-service").httpUrl() + "/admin/registrations";
  }

  private static List<String> node(SimulatedNode node) {
    return List.of(
        String.format(
            "%-13s FreeSWITCH simulator %s, esl-gateway admin http://127.0.0.1:%d/admin/sockets,"
                + " metrics http://127.0.0.1:%d/metrics",
            node.id() + ":",
            node.freeswitch().eslUrl().replaceAll("//[^@]*@", "//"),
            node.gateway().httpPort(),
            node.gateway().managementPort()),
        String.format(
            "%-13s BBB simulator %s (voice conferences on %s)",
            node.bbb().serverId() + ":", node.bbb().apiUrl(), node.id()));
  }
}
