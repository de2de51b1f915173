package io.switchboard.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP forwarder on a loopback port whose path can be cut and restored, to show how clients behave
 * when the server behind it becomes unreachable while the server itself keeps running.
 *
 * <p>{@link #cut()} resets every open connection and, until {@link #restore()}, resets each new one
 * right after accepting it. To a client that is the same as a server whose process is gone: the
 * connection breaks and reconnects fail at once, so clients go into their reconnect backoff (rather
 * than waiting out connect or request timeouts as behind a black hole), and they are back within
 * one backoff interval after the restore. The listening socket stays bound throughout, so no other
 * process can take the port in the meantime.
 *
 * <p>Each connection uses two threads and a fixed buffer per direction: a slow reader slows the
 * writer down through TCP flow control instead of making this proxy buffer without bound.
 */
public final class TcpProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final AtomicInteger PROXY_IDS = new AtomicInteger();

  private final ServerSocket server;
  private final Supplier<InetSocketAddress> upstream;
  private final String name;
  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private final Set<Link> links = new HashSet<>();

  /** Guarded by {@link #lock}. */
  private boolean cut;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private TcpProxy(ServerSocket server, Supplier<InetSocketAddress> upstream) {
    this.server = server;
    this.upstream = upstream;
    this.name = "tcp-proxy-" + PROXY_IDS.incrementAndGet();
  }

  /** Forwards connections on an ephemeral loopback port to {@code upstream}. */
  public static TcpProxy start(InetSocketAddress upstream) throws IOException {
    return start(() -> upstream);
  }

  /**
   * Forwards connections on an ephemeral loopback port to the address {@code upstream} supplies
   * when each connection arrives; connections arriving while it supplies {@code null} are reset.
   * This lets the proxy's port be known before the server it fronts is started.
   */
  public static TcpProxy start(Supplier<InetSocketAddress> upstream) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    TcpProxy proxy = new TcpProxy(server, upstream);
    daemon(proxy.name + "-accept", proxy::acceptLoop).start();
    return proxy;
  }

  /** The loopback address clients connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Resets every open connection and every new one until {@link #restore()}. Idempotent. */
  public void cut() {
    List<Link> broken;
    synchronized (lock) {
      cut = true;
      broken = new ArrayList<>(links);
      links.clear();
    }
    broken.forEach(Link::reset);
    LOG.info("{}: cut, {} connection(s) reset", name, broken.size());
  }

  /** Forwards new connections again. Idempotent. */
  public void restore() {
    synchronized (lock) {
      cut = false;
    }
    LOG.info("{}: restored", name);
  }

  public boolean isCut() {
    synchronized (lock) {
      return cut;
    }
  }

  /** Connections currently being forwarded. */
  public int openConnections() {
    synchronized (lock) {
      return links.size();
    }
  }

  @Override
  public void close() {
    List<Link> open;
    synchronized (lock) {
      closed = true;
      open = new ArrayList<>(links);
      links.clear();
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the listening socket failed", name, e);
    }
    open.forEach(Link::reset);
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        synchronized (lock) {
          if (closed) {
            return;
          }
        }
        LOG.warn("{}: accept failed", name, e);
        pauseAfterFailedAccept();
        continue;
      }
      Link link = new Link(client);
      boolean forward;
      synchronized (lock) {
        forward = !cut && !closed;
        if (forward) {
          links.add(link);
        }
      }
      if (forward) {
        daemon(name + "-link-" + client.getPort(), link::run).start();
      } else {
        link.reset();
      }
    }
  }

  /**
   * A persistent failure such as running out of file descriptors must not turn into a busy loop.
   */
  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void forget(Link link) {
    synchronized (lock) {
      links.remove(link);
    }
  }

  private static Thread daemon(String threadName, Runnable task) {
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    return thread;
  }

  /** One client connection and the upstream connection made for it. */
  private final class Link {
    private final Socket client;

    /** Guarded by {@code this}; null until connected. */
    private Socket target;

    /** Guarded by {@code this}. */
    private boolean done;

    Link(Socket client) {
      this.client = client;
    }

    void run() {
      InetSocketAddress address = upstream.get();
      if (address == null) {
        LOG.warn(
            "{}: no upstream address yet, resetting connection from {}",
            name,
            client.getRemoteSocketAddress());
        reset();
        return;
      }
      Socket socket = new Socket();
      try {
        socket.connect(address, CONNECT_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
      } catch (IOException e) {
        LOG.warn("{}: cannot reach upstream {}: {}", name, address, e.toString());
        closeQuietly(socket);
        reset();
        return;
      }
      synchronized (this) {
        if (done) {
          closeQuietly(socket);
          return;
        }
        target = socket;
      }
      daemon(Thread.currentThread().getName() + "-up", () -> pump(client, socket)).start();
      pump(socket, client);
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[BUFFER_BYTES];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
        }
      } catch (IOException e) {
        // A reset or a close from the other pump or from cut(): the link is over either way.
      }
      close();
    }

    /**
     * Ends the link the way a vanished server would: the client sees a reset, not an orderly close.
     */
    void reset() {
      try {
        client.setSoLinger(true, 0);
      } catch (SocketException e) {
        // Already closed: nothing left to reset.
      }
      close();
    }

    private void close() {
      Socket upstreamSocket;
      synchronized (this) {
        done = true;
        upstreamSocket = target;
      }
      closeQuietly(client);
      if (upstreamSocket != null) {
        closeQuietly(upstreamSocket);
      }
      forget(this);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing useful to do: the socket is unusable either way.
    }
  }

  @Override
  public String toString() {
    return name + " " + address() + (isCut() ? " (cut)" : "");
  }
}
