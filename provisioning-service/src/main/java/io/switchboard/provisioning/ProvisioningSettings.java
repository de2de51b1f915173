package io.switchboard.provisioning;

import io.switchboard.config.Setting;
import io.switchboard.provisioning.phones.PhoneSettings;
import io.switchboard.provisioning.recording.RecordingSettings;
import io.switchboard.security.CommandSealKey;
import io.switchboard.service.CommonSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the provisioning service, declared once; docs/provisioning.md's table is checked
 * against it.
 */
public final class ProvisioningSettings {
  public static final Setting<String> HTTP_HOST =
      Setting.string("HTTP_HOST", "0.0.0.0", "address of the public port (the REST API)");
  public static final Setting<Integer> HTTP_PORT =
      Setting.integer("HTTP_PORT", "8094", "public port: the REST API (0 picks a free one)")
          .between(0, 65535);
  public static final Setting<Path> CONF_DIR =
      Setting.path(
              "PROVISIONING_CONF_DIR",
              null,
              "the configuration folder this service owns, in FreeSWITCH's layout: the source of truth")
          .required();
  public static final Setting<List<String>> CONTEXTS =
      Setting.list(
              "PROVISIONING_CONTEXTS",
              "default:1000-1999",
              "contexts and the numbers each gives out, `name:first-last` separated by commas; users and "
                  + "conferences of a context share its range")
          .check(l -> !l.isEmpty(), "name at least one context");
  public static final Setting<String> API_CONTEXT =
      Setting.string(
              "PROVISIONING_API_CONTEXT",
              "default",
              "the context whose users may use the REST API (one of `PROVISIONING_CONTEXTS`)")
          .matches(ContextRange.NAME, ContextRange.NAME_RULE);
  public static final Setting<List<String>> NODES =
      Setting.list(
              "PROVISIONING_NODES",
              null,
              "node ids (as their gateways' `NODE_ID`) the configuration is applied to")
          .required()
          .check(l -> !l.isEmpty(), "name at least one node");
  public static final Setting<String> DIRECTORY_PATH =
      Setting.string(
              "PROVISIONING_DIRECTORY_PATH",
              "directory",
              "folder of the users, relative to the configuration folder: one subfolder per context, one "
                  + "file per user; the gateways' `FS_FILE_FOLDERS` must name it")
          .matches(ContextRange.RELATIVE_PATH, ContextRange.RELATIVE_PATH_RULE);
  public static final Setting<String> DIALPLAN_PATH =
      Setting.string(
              "PROVISIONING_DIALPLAN_PATH",
              "dialplan",
              "folder of the conference extensions, relative to the configuration folder: one subfolder "
                  + "per context, one file per conference; the gateways' `FS_FILE_FOLDERS` must name it")
          .matches(ContextRange.RELATIVE_PATH, ContextRange.RELATIVE_PATH_RULE);
  public static final Setting<Path> RECORDINGS_DIR =
      Setting.path(
          "PROVISIONING_RECORDINGS_DIR",
          "/var/freeswitch/meetings",
          "the recordings folder, mounted from the node that records (the connector's recordings volume)");
  public static final Setting<Duration> SCAN_INTERVAL =
      Setting.duration(
              "PROVISIONING_SCAN_INTERVAL",
              "2s",
              "how often the configuration folder is read for hand edits")
          .positive();
  public static final Setting<Duration> COMMAND_TIMEOUT =
      Setting.duration(
              "PROVISIONING_COMMAND_TIMEOUT",
              "15s",
              "how long a node's gateway has to answer one command; a node that does not is behind")
          .positive();
  public static final Setting<Duration> NONCE_LIFETIME =
      Setting.duration(
              "PROVISIONING_NONCE_LIFETIME",
              "5m",
              "how long an HTTP Digest nonce is accepted; then the client is asked again (stale=true)")
          .positive();
  public static final Setting<Long> MAX_BODY =
      Setting.bytes(
              "PROVISIONING_MAX_BODY",
              "16m",
              "largest request body of the REST API (a batch of 10,000 users is about 1.5 MB)")
          .positive();
  public static final Setting<Long> LOCATE_MAX_BYTES =
      Setting.bytes(
              "PROVISIONING_LOCATE_MAX_BYTES",
              "512k",
              "the nodes' gateways' `COMMAND_REPLY_MAX_BYTES`: a domain or dialplan context whose"
                  + " files add up to more is not asked for with `xml_locate` after a reload (its"
                  + " reply would be cut), and only reloadxml's answer vouches for it")
          .positive();
  public static final Setting<String> INSTANCE_ID =
      Setting.string(
              "PROVISIONING_INSTANCE_ID",
              null,
              "names this instance's Kafka clients and consumer group (default `provisioning-<random>`)")
          .matches("[A-Za-z0-9._-]{1,64}", "up to 64 letters, digits, '.', '_' or '-'");

  /** The common settings, then the service's own, in the order of the docs. */
  public static final List<Setting<?>> ALL = all();

  private ProvisioningSettings() {}

  private static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
    all.addAll(
        List.of(
            HTTP_HOST,
            HTTP_PORT,
            CONF_DIR,
            CONTEXTS,
            API_CONTEXT,
            NODES,
            DIRECTORY_PATH,
            DIALPLAN_PATH,
            RECORDINGS_DIR,
            SCAN_INTERVAL,
            COMMAND_TIMEOUT,
            NONCE_LIFETIME,
            MAX_BODY,
            LOCATE_MAX_BYTES,
            CommandSealKey.SETTING,
            INSTANCE_ID));
    all.addAll(RecordingSettings.ALL);
    all.addAll(PhoneSettings.ALL);
    return List.copyOf(all);
  }
}
