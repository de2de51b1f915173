package io.switchboard.launcher;

import io.switchboard.testkit.sip.DemoRegistrar;

/** The testkit's small registrar, for a machine without Kamailio. */
final class BuiltInRegistrar implements Registrar {
  private final DemoRegistrar registrar;

  private BuiltInRegistrar(DemoRegistrar registrar) {
    this.registrar = registrar;
  }

  static BuiltInRegistrar start(int port, String secret) {
    return new BuiltInRegistrar(DemoRegistrar.start("127.0.0.1", port, secret));
  }

  DemoRegistrar registrar() {
    return registrar;
  }

  @Override
  public String address() {
    return registrar.address();
  }

  @Override
  public String description() {
    return "the testkit's built-in registrar (Kamailio is not installed; INVITEs get a 302 to the"
        + " room's contact)";
  }

  @Override
  public void close() {
    registrar.close();
  }
}
