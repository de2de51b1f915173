package io.switchboard.balancer;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Requests to a balancer under a host name of the test's choosing (tenants by host). */
final class HostRequests {
  record Raw(int status, String head, String body) {}

  private HostRequests() {}

  /**
   * A GET with its own Host header, which java.net.http does not let a caller set: the tenant is
   * the first label of the host name, as a front end's DNS name would give it.
   */
  static Raw viaHost(BalancerFixture.Instance i, String host, String target) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", i.balancer().httpPort())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      String head = response.substring(0, split);
      return new Raw(Integer.parseInt(head.substring(9, 12)), head, response.substring(split + 4));
    }
  }
}
