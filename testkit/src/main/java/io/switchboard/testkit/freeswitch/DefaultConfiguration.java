package io.switchboard.testkit.freeswitch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration a BigBlueButton node's FreeSWITCH starts from, cut down to what the simulator
 * reads: freeswitch.xml including vars.xml and the configuration, dialplan and directory folders;
 * sofia.conf including {@code ../sip_profiles/*.xml}; and the external profile including its
 * gateways from {@code external/*.xml} inside {@code <gateways>}, with each include on a line of
 * its own as the preprocessor needs. A configuration folder without freeswitch.xml gets these
 * files, as installing FreeSWITCH's package would write them; files that exist are left alone.
 */
public final class DefaultConfiguration {
  private DefaultConfiguration() {}

  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put(
        "freeswitch.xml",
        """
        <?xml version="1.0"?>
        <document type="freeswitch/xml">
          <X-PRE-PROCESS cmd="include" data="vars.xml"/>
          <section name="configuration" description="Various Configuration">
            <X-PRE-PROCESS cmd="include" data="autoload_configs/*.xml"/>
          </section>
          <section name="dialplan" description="Regex/XML Dialplan">
            <X-PRE-PROCESS cmd="include" data="dialplan/*.xml"/>
          </section>
          <section name="directory" description="User Directory">
            <X-PRE-PROCESS cmd="include" data="directory/*.xml"/>
          </section>
        </document>
        """);
    FILES.put(
        "vars.xml",
        """
        <include>
          <X-PRE-PROCESS cmd="set" data="external_sip_port=5060"/>
          <X-PRE-PROCESS cmd="set" data="internal_sip_port=5090"/>
        </include>
        """);
    FILES.put(
        "autoload_configs/sofia.conf.xml",
        """
        <configuration name="sofia.conf" description="sofia Endpoint">
          <global_settings>
            <param name="log-level" value="0"/>
          </global_settings>
          <profiles>
            <X-PRE-PROCESS cmd="include" data="../sip_profiles/*.xml"/>
          </profiles>
        </configuration>
        """);
    FILES.put(
        "autoload_configs/conference.conf.xml",
        """
        <configuration name="conference.conf" description="Audio Conference">
          <profiles>
            <profile name="cdquality">
              <param name="domain" value="$${domain}"/>
              <param name="rate" value="48000"/>
              <param name="interval" value="20"/>
              <param name="energy-level" value="300"/>
            </profile>
          </profiles>
        </configuration>
        """);
    FILES.put(
        "dialplan/default.xml",
        """
        <include>
          <context name="default">
            <extension name="bbb_conferences">
              <condition field="destination_number" expression="^(\\d{5,11})$">
                <action application="conference" data="$1@cdquality"/>
              </condition>
            </extension>
          </context>
        </include>
        """);
    FILES.put(
        "directory/default.xml",
        """
        <include>
          <domain name="$${domain}">
          </domain>
        </include>
        """);
    FILES.put(
        "sip_profiles/external.xml",
        """
        <profile name="external">
          <gateways>
            <X-PRE-PROCESS cmd="include" data="external/*.xml"/>
          </gateways>
          <settings>
            <param name="sip-port" value="$${external_sip_port}"/>
          </settings>
        </profile>
        """);
  }

  /**
   * BBB's {@code external-ipv6} profile beside {@code external}: bound to the node's IPv6 address,
   * gateways from {@code external-ipv6/*.xml}. BBB's file says {@code $${local_ip_v6}}; the
   * simulator leaves that global unset (as a FreeSWITCH on a host without IPv6, and as other tests
   * expect), so this one names ::1. Not in the defaults: written into {@code dir} for a node that
   * registers over IPv6.
   */
  public static void installIpv6Profile(Path dir) {
    try {
      Files.createDirectories(dir.resolve("sip_profiles/external-ipv6"));
      Files.writeString(
          dir.resolve("sip_profiles/external-ipv6.xml"),
          """
          <profile name="external-ipv6">
            <gateways>
              <X-PRE-PROCESS cmd="include" data="external-ipv6/*.xml"/>
            </gateways>
            <settings>
              <param name="sip-ip" value="::1"/>
            </settings>
          </profile>
          """);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the external-ipv6 profile into " + dir, e);
    }
  }

  /** Writes the files into {@code dir} unless it already has a freeswitch.xml. */
  public static void installIfMissing(Path dir) {
    if (Files.exists(dir.resolve(XmlConfiguration.ROOT_FILE))) {
      return;
    }
    try {
      Files.createDirectories(dir.resolve("sip_profiles/external"));
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        Path path = dir.resolve(file.getKey());
        if (!Files.exists(path)) {
          Files.createDirectories(path.getParent());
          Files.writeString(path, file.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write FreeSWITCH's default configuration into " + dir, e);
    }
  }
}
