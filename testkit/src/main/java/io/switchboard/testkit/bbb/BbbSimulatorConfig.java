package io.switchboard.testkit.bbb;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How one simulated BigBlueButton server is set up. Build with {@link #builder(String)}; the
 * defaults are those of a stock bbb-web ({@code bigbluebutton.properties}): every checksum
 * algorithm allowed, five-digit voice bridges, dial number 613-555-1234, no participant limit,
 * fetching all recordings allowed.
 *
 * @param host interface to bind, also used in the client and logout URLs
 * @param port TCP port, 0 for an ephemeral one
 * @param secret the shared secret ({@code securitySalt}); never logged
 * @param allowedChecksumAlgorithms digests accepted for checksums ({@code
 *     supportedChecksumAlgorithms})
 * @param responseDelay added before every answer, to model a real server's latency
 * @param slowDelay added on top while the {@link BbbFault#SLOW} fault is on
 * @param serverId a name for logs and for telling simulators apart in tests
 * @param apiVersion the {@code <version>} and {@code <apiVersion>} of the index call
 * @param bbbVersion the {@code <bbbVersion>} of the index call
 * @param dialNumber default dial-in number of a meeting ({@code defaultDialAccessNumber})
 * @param voiceBridgeDigits length of generated voice bridges ({@code defaultNumDigitsForTelVoice})
 * @param defaultMaxUsers participant limit when create sends none, 0 = none
 * @param allowFetchAllRecordings whether getRecordings without ids or limit lists everything
 * @param callLogCapacity how many received calls {@link BbbServerSimulator#calls()} keeps
 * @param maxBodyBytes largest POST body accepted (bbb's nginx default is 2 MB)
 */
public record BbbSimulatorConfig(
    String host,
    int port,
    String secret,
    Set<ChecksumAlgorithm> allowedChecksumAlgorithms,
    Duration responseDelay,
    Duration slowDelay,
    String serverId,
    String apiVersion,
    String bbbVersion,
    String dialNumber,
    int voiceBridgeDigits,
    int defaultMaxUsers,
    boolean allowFetchAllRecordings,
    int callLogCapacity,
    long maxBodyBytes) {

  public BbbSimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(bbbVersion, "bbbVersion");
    Objects.requireNonNull(dialNumber, "dialNumber");
    if (secret.isBlank()) {
      // bbb-web turns checksum checks off for an empty salt; a simulator has no reason to.
      throw new IllegalArgumentException("secret must not be blank");
    }
    requireNonNegative(responseDelay, "responseDelay");
    requireNonNegative(slowDelay, "slowDelay");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (allowedChecksumAlgorithms == null || allowedChecksumAlgorithms.isEmpty()) {
      throw new IllegalArgumentException(
          "allowedChecksumAlgorithms must name at least one algorithm");
    }
    if (voiceBridgeDigits < 1 || voiceBridgeDigits > 9) {
      throw new IllegalArgumentException(
          "voiceBridgeDigits must be 1..9, was " + voiceBridgeDigits);
    }
    if (defaultMaxUsers < 0) {
      throw new IllegalArgumentException("defaultMaxUsers must be >= 0, was " + defaultMaxUsers);
    }
    if (callLogCapacity < 0) {
      throw new IllegalArgumentException("callLogCapacity must be >= 0, was " + callLogCapacity);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
    }
    allowedChecksumAlgorithms = Set.copyOf(allowedChecksumAlgorithms);
  }

  private static void requireNonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + duration);
    }
  }

  public static Builder builder(String secret) {
    return new Builder(secret);
  }

  /** A copy of this configuration to change a few values, e.g. the port of the next simulator. */
  public Builder toBuilder() {
    Builder builder = new Builder(secret);
    builder.host = host;
    builder.port = port;
    builder.allowedChecksumAlgorithms = EnumSet.copyOf(allowedChecksumAlgorithms);
    builder.responseDelay = responseDelay;
    builder.slowDelay = slowDelay;
    builder.serverId = serverId;
    builder.apiVersion = apiVersion;
    builder.bbbVersion = bbbVersion;
    builder.dialNumber = dialNumber;
    builder.voiceBridgeDigits = voiceBridgeDigits;
    builder.defaultMaxUsers = defaultMaxUsers;
    builder.allowFetchAllRecordings = allowFetchAllRecordings;
    builder.callLogCapacity = callLogCapacity;
    builder.maxBodyBytes = maxBodyBytes;
    return builder;
  }

  /** Builder with bbb-web's defaults. */
  public static final class Builder {
    private final String secret;
    private String host = "127.0.0.1";
    private int port;
    private Set<ChecksumAlgorithm> allowedChecksumAlgorithms =
        EnumSet.allOf(ChecksumAlgorithm.class);
    private Duration responseDelay = Duration.ZERO;
    private Duration slowDelay = Duration.ofSeconds(2);
    private String serverId = "bbb-sim";
    private String apiVersion = "2.0";
    private String bbbVersion = "2.7.0";
    private String dialNumber = "613-555-1234";
    private int voiceBridgeDigits = 5;
    private int defaultMaxUsers;
    private boolean allowFetchAllRecordings = true;
    private int callLogCapacity = 1000;
    private long maxBodyBytes = 2L * 1024 * 1024;

    private Builder(String secret) {
      this.secret = secret;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder allowedChecksumAlgorithms(Set<ChecksumAlgorithm> value) {
      allowedChecksumAlgorithms = value;
      return this;
    }

    public Builder responseDelay(Duration value) {
      responseDelay = value;
      return this;
    }

    public Builder slowDelay(Duration value) {
      slowDelay = value;
      return this;
    }

    public Builder serverId(String value) {
      serverId = value;
      return this;
    }

    public Builder apiVersion(String value) {
      apiVersion = value;
      return this;
    }

    public Builder bbbVersion(String value) {
      bbbVersion = value;
      return this;
    }

    public Builder dialNumber(String value) {
      dialNumber = value;
      return this;
    }

    public Builder voiceBridgeDigits(int value) {
      voiceBridgeDigits = value;
      return this;
    }

    public Builder defaultMaxUsers(int value) {
      defaultMaxUsers = value;
      return this;
    }

    public Builder allowFetchAllRecordings(boolean value) {
      allowFetchAllRecordings = value;
      return this;
    }

    public Builder callLogCapacity(int value) {
      callLogCapacity = value;
      return this;
    }

    public Builder maxBodyBytes(long value) {
      maxBodyBytes = value;
      return this;
    }

    public BbbSimulatorConfig build() {
      return new BbbSimulatorConfig(
          host,
          port,
          secret,
          allowedChecksumAlgorithms,
          responseDelay,
          slowDelay,
          serverId,
          apiVersion,
          bbbVersion,
          dialNumber,
          voiceBridgeDigits,
          defaultMaxUsers,
          allowFetchAllRecordings,
          callLogCapacity,
          maxBodyBytes);
    }
  }

  /** Never prints the secret: records' generated toString would. */
  @Override
  public String toString() {
    return "BbbSimulatorConfig[serverId="
        + serverId
        + ", host="
        + host
        + ", port="
        + port
        + ", allowedChecksumAlgorithms="
        + allowedChecksumAlgorithms
        + ", responseDelay="
        + responseDelay
        + ", slowDelay="
        + slowDelay
        + "]";
  }
}
