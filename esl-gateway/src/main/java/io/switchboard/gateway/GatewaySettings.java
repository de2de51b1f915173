package io.switchboard.gateway;

import io.switchboard.config.Setting;
import io.switchboard.gateway.command.CommandDefaults;
import io.switchboard.service.CommonSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the gateway, declared once; docs/operations.md's table is checked against it.
 */
public final class GatewaySettings {
  public static final Setting<String> NODE_ID =
      Setting.string(
              "NODE_ID",
              null,
              "the node's name: the key of every record it writes, the address of commands for it")
          .required()
          .matches("[A-Za-z0-9._-]{1,128}", "1-128 letters, digits, '.', '_' or '-'");
  public static final Setting<List<String>> ESL_URL =
      Setting.repeated(
              "ESL_URL",
              "event sockets, `fs://[user:]password@host[:port][?Event1,Event2]` (OpenSIPS syntax); events after `?` are "
                  + "subscribed on that socket in addition to `ESL_EVENTS`")
          .required()
          .secret();
  public static final Setting<List<String>> ESL_EVENTS =
      Setting.list(
          "ESL_EVENTS",
          "conference::maintenance,sofia::gateway_state,sofia::gateway_add,sofia::gateway_delete,RELOADXML,HEARTBEAT,"
              + "BACKGROUND_JOB",
          "what every socket subscribes to; names with `::` are CUSTOM subclasses; add e.g. `CHANNEL_CREATE,CHANNEL_HANGUP`");
  public static final Setting<String> ESL_EVENT_FORMAT =
      Setting.string(
              "ESL_EVENT_FORMAT",
              "plain",
              "`plain`, `json` or `xml`: how FreeSWITCH sends events (the records on Kafka are the same)")
          .matches("(?i)plain|json|xml", "plain, json or xml");
  public static final Setting<Duration> HEARTBEAT_INTERVAL =
      Setting.duration(
          "FS_HEARTBEAT_INTERVAL",
          "20s",
          "FreeSWITCH's HEARTBEAT interval; two missed intervals count as a dead connection");
  public static final Setting<Duration> RECONNECT_MIN =
      Setting.duration(
              "RECONNECT_MIN",
              "500ms",
              "shortest wait before reconnecting an event socket (exponential backoff with jitter)")
          .positive();
  public static final Setting<Duration> RECONNECT_MAX =
      Setting.duration("RECONNECT_MAX", "30s", "longest wait before reconnecting an event socket")
          .positive();
  public static final Setting<Duration> RECONNECT_RESET_AFTER =
      Setting.duration(
              "RECONNECT_RESET_AFTER",
              "10s",
              "how long a connection must stay up (authenticated, subscribed) before the backoff begins again at "
                  + "`RECONNECT_MIN`; a peer that fails sooner keeps the backoff growing")
          .positive();
  public static final Setting<Duration> SUBSCRIPTION_RETRY =
      Setting.duration(
              "SUBSCRIPTION_RETRY",
              "10s",
              "how often a refused subscription is tried again, until it is unsubscribed")
          .positive();
  public static final Setting<Duration> COMMAND_TIMEOUT =
      Setting.duration("ESL_COMMAND_TIMEOUT", "10s", "reply timeout of a socket command")
          .positive();
  public static final Setting<Duration> JOB_TIMEOUT =
      Setting.duration("ESL_JOB_TIMEOUT", "60s", "time for a bgapi job's result").positive();
  public static final Setting<Path> DATA_DIR =
      Setting.path(
          "DATA_DIR", "data/esl-gateway", "the spool and the journal of executed command ids");
  public static final Setting<Long> SPOOL_MAX_BYTES =
      Setting.bytes(
              "SPOOL_MAX_BYTES",
              "1g",
              "the disk spool's cap; past it the oldest events are dropped and counted")
          .positive();
  public static final Setting<Long> SPOOL_SEGMENT_BYTES =
      Setting.bytes("SPOOL_SEGMENT_BYTES", "64m", "size of one spool segment file").positive();
  public static final Setting<Integer> QUEUE_CAPACITY =
      Setting.integer(
              "SPOOL_QUEUE_CAPACITY", "65536", "events between the socket and the spool writer")
          .atLeast(1);
  public static final Setting<Long> PRODUCER_MAX_REQUEST_SIZE =
      Setting.bytes(
              "PRODUCER_MAX_REQUEST_SIZE",
              "1m",
              "the event producer's `max.request.size`; see Oversized events")
          .between(1024, Integer.MAX_VALUE);
  public static final Setting<Long> TOPIC_MAX_MESSAGE_BYTES =
      Setting.bytes(
              "TOPIC_MAX_MESSAGE_BYTES",
              "1048588",
              "the `max.message.bytes` of the `fs.events.*` topics (Kafka's default); see Oversized events")
          .between(1024, Integer.MAX_VALUE);
  public static final Setting<Long> DEAD_LETTER_MAX_BYTES =
      Setting.bytes(
          "DEAD_LETTER_MAX_BYTES",
          "256m",
          "cap of the dead-letter folder `DATA_DIR/spool/dead-letter`");
  public static final Setting<Path> FS_CONF_DIR =
      Setting.path(
          "FS_CONF_DIR",
          null,
          "FreeSWITCH's configuration folder; file commands need it and `FS_FILE_COMMANDS=on` (see Command allowlist)");
  public static final Setting<Boolean> FILE_COMMANDS =
      Setting.bool(
          "FS_FILE_COMMANDS",
          "off",
          "`on` lets `file.put`/`files.put`/`file.delete` run: as strong as root on the node (see Command allowlist)");
  public static final Setting<List<String>> FILE_FOLDERS =
      Setting.list(
          "FS_FILE_FOLDERS",
          "sip_profiles/external",
          "folders inside `FS_CONF_DIR` that file commands may write in");
  public static final Setting<List<String>> COMMAND_SEAL_KEY =
      Setting.repeated(
              "COMMAND_SEAL_KEY",
              "base64 AES key (16, 24 or 32 bytes) that opens a `file.put`'s or `files.put`'s `sealedContent` (the issuers seal with "
                  + "the same key); older keys as `COMMAND_SEAL_KEY_1`, ... still open; unset: sealed puts are rejected")
          .secret();
  public static final Setting<String> RECORDINGS_DIR =
      Setting.string(
          "FS_RECORDINGS_DIR",
          CommandDefaults.RECORDINGS_DIR,
          "the only folder conference recording paths may be in; empty turns recording commands off");
  public static final Setting<Duration> COMMAND_MAX_LIFETIME =
      Setting.duration(
              "COMMAND_MAX_LIFETIME",
              "1h",
              "a command that expires later than this after it arrives is rejected")
          .positive();
  public static final Setting<Long> COMMAND_REPLY_MAX_BYTES =
      Setting.bytes(
              "COMMAND_REPLY_MAX_BYTES",
              "512k",
              "a longer reply is cut to fit in its result (`replyBytes` gives the full size); keep it below the producer's "
                  + "`max.request.size`")
          .between(1, 64L << 20);
  public static final Setting<Long> FILE_MAX_BYTES =
      Setting.bytes("FS_FILE_MAX_BYTES", "1m", "largest file a command may write").positive();
  public static final Setting<Long> FILES_MAX_BYTES =
      Setting.bytes(
              "FS_FILES_MAX_BYTES",
              "4m",
              "most bytes one `files.put` may write, all its files together (at most 1000 files); the command "
                  + "itself must also fit in one record of `fs.commands` (`max.message.bytes`, 1 MiB by default)")
          .positive();
  public static final Setting<Integer> FILES_SPARE =
      Setting.integer(
              "FS_FILES_SPARE",
              "256",
              "empty files kept ready in `.switchboard-spare` under `FS_CONF_DIR`, so that a burst of file puts renames them"
                  + " into place instead of creating each (made again once puts pause for a second); 0: none")
          .between(0, 100_000);
  public static final Setting<List<String>> ALLOWLIST =
      Setting.list(
          "COMMAND_ALLOWLIST",
          String.join(",", CommandDefaults.ALLOWLIST),
          "the API commands that may run (see Command allowlist)");
  public static final Setting<Duration> NODE_STATE_INTERVAL =
      Setting.duration(
              "NODE_STATE_INTERVAL",
              "30s",
              "how often the node's state is republished to `fs.nodes`")
          .positive();
  public static final Setting<String> HTTP_HOST =
      Setting.string("HTTP_HOST", "0.0.0.0", "address of the admin API");
  public static final Setting<Integer> HTTP_PORT =
      Setting.integer("HTTP_PORT", "8081", "port of the admin API (0 picks a free one)")
          .between(0, 65535);

  public static final List<Setting<?>> ALL = all();

  private GatewaySettings() {}

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
    all.addAll(
        List.of(
            NODE_ID,
            ESL_URL,
            ESL_EVENTS,
            ESL_EVENT_FORMAT,
            HEARTBEAT_INTERVAL,
            RECONNECT_MIN,
            RECONNECT_MAX,
            RECONNECT_RESET_AFTER,
            SUBSCRIPTION_RETRY,
            COMMAND_TIMEOUT,
            JOB_TIMEOUT,
            DATA_DIR,
            SPOOL_MAX_BYTES,
            SPOOL_SEGMENT_BYTES,
            QUEUE_CAPACITY,
            PRODUCER_MAX_REQUEST_SIZE,
            TOPIC_MAX_MESSAGE_BYTES,
            DEAD_LETTER_MAX_BYTES,
            FS_CONF_DIR,
            FILE_COMMANDS,
            FILE_FOLDERS,
            FILE_MAX_BYTES,
            FILES_MAX_BYTES,
            FILES_SPARE,
            COMMAND_SEAL_KEY,
            RECORDINGS_DIR,
            ALLOWLIST,
            COMMAND_MAX_LIFETIME,
            COMMAND_REPLY_MAX_BYTES,
            NODE_STATE_INTERVAL,
            HTTP_HOST,
            HTTP_PORT));
    return List.copyOf(all);
  }
}
