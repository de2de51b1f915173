package io.switchboard.provisioning.recording;

import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configured nodes' {@code conference::maintenance} events from {@code
 * fs.events.conference}: a moderator's {@code event} caller control ({@code Action: dtmf}, with the
 * control's {@code Data}: conference_loop.c:616-625) becomes a recording command; {@code
 * stop-recording}, {@code conference-destroy} and a {@code start-recording} with {@code Error}
 * (conference_record.c:276-321, 424) say a recording is over. The commands are not awaited: their
 * outcome is counted and logged by {@link RecordingControl}.
 */
public final class ConferenceControlEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ConferenceControlEvents.class);
  private static final String MAINTENANCE = "conference::maintenance";

  private final Set<String> nodes;
  private final RecordingControls controls;
  private final RecordingControl control;

  public ConferenceControlEvents(
      List<String> nodes, RecordingControls controls, RecordingControl control) {
    this.nodes = Set.copyOf(nodes);
    this.controls = controls;
    this.control = control;
  }

  public Future<Void> onEvents(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.key() == null || !nodes.contains(record.key())) {
        continue;
      }
      try {
        FsEvent event = Json.decode(record.value(), FsEvent.class);
        if (MAINTENANCE.equals(event.subclass())) {
          handle(event);
        }
      } catch (EnvelopeException e) {
        LOG.warn("malformed event from {}: {}", record.key(), e.getMessage());
      }
    }
    return Future.succeededFuture();
  }

  private void handle(FsEvent event) {
    String conference = event.header("Conference-Name");
    String action = event.header("Action");
    if (conference == null || action == null) {
      return;
    }
    switch (action) {
      case "dtmf" ->
          controls
              .actionFor(event.header("Data"))
              .ifPresent(
                  recording ->
                      control.control(
                          Optional.of(event.node()),
                          conference,
                          recording,
                          Optional.empty(),
                          "dtmf "
                              + event.header("DTMF-Key")
                              + " of member "
                              + event.header("Member-ID")));
      case "stop-recording" -> control.ended(event.node(), conference, event.header("Path"));
      case "conference-destroy" -> control.ended(event.node(), conference, null);
      case "start-recording" -> {
        if (event.header("Error") != null) {
          control.unopened(event.node(), conference, event.header("Path"), event.header("Error"));
        }
      }
      default -> {
        // Other conference events say nothing about recordings.
      }
    }
  }
}
