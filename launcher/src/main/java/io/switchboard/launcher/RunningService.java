package io.switchboard.launcher;

import io.switchboard.service.SwitchboardService;

/** A service of the demo with its public port (its API) and its management port (/metrics). */
record RunningService(String name, SwitchboardService service, int httpPort, String api) {
  int managementPort() {
    return service.managementPort();
  }

  String managementUrl() {
    return "http://127.0.0.1:" + managementPort();
  }

  String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }
}
