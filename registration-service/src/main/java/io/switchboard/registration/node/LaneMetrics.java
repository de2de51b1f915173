package io.switchboard.registration.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** What the nodes' lanes count, shared by every lane. */
public final class LaneMetrics {
  final Counter rescans;
  final DistributionSummary roomsPerRescan;
  final Counter retries;
  final Timer createToFile;

  public LaneMetrics(MeterRegistry registry) {
    rescans =
        Counter.builder("switchboard_registration_rescans_total")
            .description("sofia profile rescans issued")
            .register(registry);
    roomsPerRescan =
        DistributionSummary.builder("switchboard_registration_rooms_per_rescan")
            .description("gateway files one rescan brought in")
            .register(registry);
    retries =
        Counter.builder("switchboard_registration_retries_total")
            .description("nodes' work retried after a failed or unanswered command")
            .register(registry);
    createToFile =
        Timer.builder("switchboard_registration_create_to_file_seconds")
            .description("from a room's conference-create to its gateway file written on the node")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
  }
}
