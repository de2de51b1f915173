package io.switchboard.provisioning;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.provisioning.apply.Provisioner;
import io.switchboard.provisioning.folder.Layout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Users and conferences per context as the nodes hold them, and nodes behind. The values are copied
 * from the service's context after each change, since Prometheus reads them from another thread.
 */
final class ProvisioningMetrics {
  private final Layout layout;
  private final Map<String, AtomicInteger> users = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> conferences = new ConcurrentHashMap<>();
  private final AtomicInteger behind = new AtomicInteger();

  ProvisioningMetrics(MeterRegistry registry, Layout layout, int nodes) {
    this.layout = layout;
    for (String context : layout.contexts()) {
      users.put(context, new AtomicInteger());
      conferences.put(context, new AtomicInteger());
      Gauge.builder("switchboard_provisioning_users", users.get(context), AtomicInteger::get)
          .description("users of a context, as the nodes hold them")
          .tag("context", context)
          .register(registry);
      Gauge.builder(
              "switchboard_provisioning_conferences", conferences.get(context), AtomicInteger::get)
          .description("conference extensions of a context, as the nodes hold them")
          .tag("context", context)
          .register(registry);
    }
    Gauge.builder("switchboard_provisioning_nodes_behind", behind, AtomicInteger::get)
        .description("nodes that missed a change (unreachable when it was made), of " + nodes)
        .register(registry);
  }

  void update(Provisioner provisioner) {
    for (String context : layout.contexts()) {
      users.get(context).set(count(provisioner, layout.usersOf(context) + "/"));
      conferences.get(context).set(count(provisioner, layout.conferencesOf(context) + "/"));
    }
    behind.set(provisioner.behindNodes().size());
  }

  private static int count(Provisioner provisioner, String folder) {
    return (int)
        provisioner.applied().keySet().stream().filter(path -> path.startsWith(folder)).count();
  }
}
