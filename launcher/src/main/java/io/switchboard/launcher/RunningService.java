package io.switchboard.launcher;

import io.switchboard.service.SwitchboardService;

/** A service of the demo with its public port (its API) and its management port (/metrics). */
public record RunningService(String name, SwitchboardService service, int httpPort, String api) {
  public int managementPort() {
    return service.managementPort();
  }

  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort();
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + httpPort;
  }
}
