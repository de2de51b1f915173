package io.switchboard.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

  private static final int READ_TIMEOUT_MS = 10_000;

  private ServerSocket echoServer;
  private ExecutorService echoThreads;
  private TcpProxy proxy;

  @BeforeEach
  void startEchoServerBehindProxy() throws IOException {
    echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThreads = Executors.newCachedThreadPool();
    echoThreads.submit(this::echoLoop);
    proxy = TcpProxy.start((InetSocketAddress) echoServer.getLocalSocketAddress());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echoServer.close();
    echoThreads.shutdownNow();
  }

  @Test
  void forwardsBytesBothWaysIncludingMoreThanItsBuffersHold() throws Exception {
    try (Socket client = connect()) {
      byte[] payload = new byte[1024 * 1024];
      new Random(42).nextBytes(payload);
      // Write and read concurrently: the echo fills the way back while we are still sending.
      Future<?> writer =
          echoThreads.submit(
              () -> {
                client.getOutputStream().write(payload);
                return null;
              });
      byte[] echoed = new byte[payload.length];
      new DataInputStream(client.getInputStream()).readFully(echoed);
      writer.get();
      assertArrayEquals(payload, echoed);
      assertEquals(1, proxy.openConnections());
    }
  }

  @Test
  void cutResetsOpenConnectionsAndEveryNewOneUntilRestored() throws Exception {
    try (Socket before = connect()) {
      assertEchoes(before, "before");

      proxy.cut();

      assertTrue(proxy.isCut());
      assertEquals(0, proxy.openConnections());
      assertBroken(before);
      try (Socket during = connect()) {
        assertBroken(during);
      }
    }

    proxy.restore();

    assertFalse(proxy.isCut());
    try (Socket after = connect()) {
      assertEchoes(after, "after");
    }
  }

  @Test
  void resetsConnectionsWhileItHasNoUpstreamYet() throws Exception {
    try (TcpProxy unready = TcpProxy.start(() -> null);
        Socket client = new Socket()) {
      client.connect(unready.address());
      client.setSoTimeout(READ_TIMEOUT_MS);
      assertBroken(client);
    }
  }

  @Test
  void closeReleasesThePort() throws Exception {
    InetSocketAddress address = proxy.address();
    proxy.close();
    try (Socket socket = new Socket()) {
      assertThrows(IOException.class, () -> socket.connect(address));
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(proxy.address().getAddress(), proxy.port());
    socket.setSoTimeout(READ_TIMEOUT_MS);
    return socket;
  }

  private static void assertEchoes(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes());
    byte[] back = new byte[text.length()];
    new DataInputStream(socket.getInputStream()).readFully(back);
    assertEquals(text, new String(back));
  }

  /**
   * A reset connection either fails the read or, if the RST raced the read, reports end of stream.
   */
  private static void assertBroken(Socket socket) {
    byte[] buffer = new byte[16];
    try {
      OutputStream out = socket.getOutputStream();
      out.write("ping".getBytes());
      out.flush();
      int read = socket.getInputStream().read(buffer);
      assertEquals(
          -1,
          read,
          "connection still answers: " + Arrays.toString(Arrays.copyOf(buffer, Math.max(read, 0))));
    } catch (IOException expected) {
      // Connection reset: what a vanished server looks like.
    }
  }

  private Void echoLoop() {
    while (!echoServer.isClosed()) {
      try {
        Socket socket = echoServer.accept();
        echoThreads.submit(() -> echo(socket));
      } catch (IOException closed) {
        return null;
      }
    }
    return null;
  }

  private static Void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // The proxy cut the link: nothing to echo any more.
    }
    return null;
  }
}
