package io.switchboard.provisioning.phones;

import io.switchboard.config.Setting;
import java.util.List;

/** The settings of phone provisioning, part of the provisioning service's. */
public final class PhoneSettings {
  public static final Setting<String> SIP_HOST =
      Setting.string(
              "PROVISIONING_PHONE_SIP_HOST",
              null,
              "the SIP server (host name or IPv4 address) provisioned phones register with; unset, the "
                  + "phone provisioning files answer 503")
          .matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})", "a host name or IPv4 address");
  public static final Setting<Integer> SIP_PORT =
      Setting.integer("PROVISIONING_PHONE_SIP_PORT", "5061", "the SIP server's port")
          .between(1, 65535);
  public static final Setting<String> SIP_TRANSPORT =
      Setting.string(
              "PROVISIONING_PHONE_SIP_TRANSPORT",
              "tls",
              "how the phones reach the SIP server: `udp`, `tcp` or `tls`")
          .matches("udp|tcp|tls", "udp, tcp or tls");

  public static final List<Setting<?>> ALL = List.of(SIP_HOST, SIP_PORT, SIP_TRANSPORT);

  private PhoneSettings() {}
}
