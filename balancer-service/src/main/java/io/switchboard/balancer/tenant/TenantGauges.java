package io.switchboard.balancer.tenant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.switchboard.balancer.state.ClusterState;
import io.switchboard.balancer.state.NamespaceTally;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * {@code switchboard_balancer_tenant_meetings{tenant}} and {@code
 * switchboard_balancer_tenant_participants{tenant}}. Refreshed on the balancer's context, where the
 * state lives (Prometheus scrapes on the management server's): a removed tenant's rows go.
 */
public final class TenantGauges {
  private final Tenants tenants;
  private final ClusterState state;
  private final MultiGauge meetings;
  private final MultiGauge participants;

  public TenantGauges(Tenants tenants, ClusterState state, MeterRegistry registry) {
    this.tenants = tenants;
    this.state = state;
    this.meetings =
        MultiGauge.builder("switchboard.balancer.tenant.meetings")
            .description("running meetings per tenant")
            .register(registry);
    this.participants =
        MultiGauge.builder("switchboard.balancer.tenant.participants")
            .description("participants per tenant, as last polled")
            .register(registry);
  }

  /** Call on the balancer's context. */
  public void refresh() {
    List<Tenant> all = tenants.all();
    meetings.register(rows(all, NamespaceTally.Totals::meetings), true);
    participants.register(rows(all, NamespaceTally.Totals::participants), true);
  }

  private List<MultiGauge.Row<?>> rows(
      List<Tenant> all, ToLongFunction<NamespaceTally.Totals> figure) {
    return all.stream()
        .<MultiGauge.Row<?>>map(
            t ->
                MultiGauge.Row.of(
                    Tags.of("tenant", t.id()), figure.applyAsLong(state.tally().of(t.id()))))
        .toList();
  }
}
