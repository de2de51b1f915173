package io.switchboard.testkit.bbb;

/**
 * The URLs a simulated server hands out. bbb-web's defaults derive them from {@code
 * bigbluebutton.web.serverURL}: the logout URL is the server URL and the HTML5 client lives at
 * {@code /html5client/join}. The port is only known once the server listens.
 */
final class ServerUrls {
  private final String host;
  private volatile int port;

  ServerUrls(String host) {
    this.host = host;
  }

  void port(int value) {
    port = value;
  }

  String serverUrl() {
    return "http://" + host + ":" + port;
  }

  String apiUrl() {
    return serverUrl() + "/bigbluebutton/api";
  }

  String clientUrl() {
    return serverUrl() + "/html5client/join";
  }
}
