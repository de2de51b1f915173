package io.switchboard.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The README's demo settings for a test: its data in {@code dir}, every port free or ephemeral. */
public final class DemoSettings {
  private DemoSettings() {}

  public static Map<String, String> onFreePorts(Path dir) throws IOException {
    Map<String, String> settings = new HashMap<>(Demo.DEFAULTS);
    settings.put("DEMO_DATA_DIR", dir.toString());
    for (String key : Demo.DEFAULTS.keySet()) {
      if (key.endsWith("_PORT")) {
        settings.put(key, "0");
      }
    }
    // The embedded broker's port is kept across a restart on the same folder: a fixed free one.
    try (ServerSocket s = new ServerSocket(0)) {
      settings.put("DEMO_KAFKA_PORT", Integer.toString(s.getLocalPort()));
    }
    return settings;
  }
}
