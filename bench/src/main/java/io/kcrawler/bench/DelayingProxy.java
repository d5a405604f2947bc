package io.kcrawler.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delays every chunk by a fixed one-way latency in each direction
 * (pipelined: the delay is latency, not a bandwidth limit), and optionally counts Kafka requests by
 * API key. Two threads per direction: a reader that stamps chunks with their due time, a writer
 * that sends them when due.
 */
final class DelayingProxy implements AutoCloseable {
  private static final byte[] END = new byte[0];

  private record Chunk(long dueNanos, byte[] bytes) {}

  private final ServerSocket server;
  private final int targetPort;
  private final KafkaRequestCounter counter;
  private final AtomicLong connections = new AtomicLong();
  private volatile long delayNanos;
  private volatile boolean closed;

  /**
   * @param listenPort the port to listen on (0 for any)
   * @param targetPort the loopback port to forward to
   * @param counter counts Kafka requests on the client-to-server stream; null for other protocols
   */
  DelayingProxy(int listenPort, int targetPort, KafkaRequestCounter counter) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
    this.targetPort = targetPort;
    this.counter = counter;
    Thread acceptor = new Thread(this::accept, "proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long connections() {
    return connections.get();
  }

  /** One-way delay added in each direction; a round trip costs twice this. */
  void delay(Duration oneWay) {
    delayNanos = oneWay.toNanos();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        connections.incrementAndGet();
        pump(client, upstream, counter, "up");
        pump(upstream, client, null, "down");
      } catch (IOException e) {
        if (!closed) {
          System.err.println("proxy " + port() + ": " + e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to, KafkaRequestCounter parser, String direction) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    KafkaRequestCounter.Stream stream = parser == null ? null : parser.newStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (stream != null) {
                    stream.accept(buf, n);
                  }
                  queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
                }
              } catch (IOException ignored) {
                // The peer closed; the writer closes the other side.
              }
              queue.add(new Chunk(0, END));
            },
            "proxy-" + direction + "-read");
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = to.getOutputStream()) {
                while (true) {
                  Chunk c = queue.take();
                  if (c.bytes() == END) {
                    break;
                  }
                  long wait;
                  while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  out.write(c.bytes());
                  out.flush();
                }
              } catch (IOException | InterruptedException ignored) {
                // Either side went away.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-" + direction + "-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Already closed.
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
