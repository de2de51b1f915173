package io.switchboard.provisioning.node;

import io.switchboard.bus.EnvelopeException;
import io.switchboard.bus.FsEvent;
import io.switchboard.bus.Json;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the RELOADXML events of the configured nodes from {@code fs.events.system}: FreeSWITCH
 * fires one after every successful reload, whoever asked for it (switch_xml.c, switch_xml_open_root
 * with reload), so each is a moment to ask the node what it loaded. Several in one batch from one
 * node count once.
 */
public final class ReloadEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadEvents.class);

  private final Set<String> nodes;
  private final Consumer<String> reloaded;

  public ReloadEvents(List<String> nodes, Consumer<String> reloaded) {
    this.nodes = Set.copyOf(nodes);
    this.reloaded = reloaded;
  }

  public Future<Void> onEvents(List<ConsumerRecord<String, byte[]>> records) {
    Set<String> seen = new LinkedHashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.key() == null || !nodes.contains(record.key())) {
        continue;
      }
      try {
        FsEvent event = Json.decode(record.value(), FsEvent.class);
        if ("RELOADXML".equals(event.name())) {
          seen.add(event.node());
        }
      } catch (EnvelopeException e) {
        LOG.warn("malformed event from {}: {}", record.key(), e.getMessage());
      }
    }
    seen.forEach(reloaded);
    return Future.succeededFuture();
  }
}
