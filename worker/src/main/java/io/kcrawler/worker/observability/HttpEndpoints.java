package io.kcrawler.worker.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A few GET endpoints on one port with the JDK's HTTP server: enough for a scrape or a probe, no
 * web framework in the worker.
 */
final class HttpEndpoints implements AutoCloseable {
  /** What an endpoint answers. */
  record Response(int status, String contentType, String body) {}

  private final HttpServer server;

  HttpEndpoints(int port, Map<String, Supplier<Response>> endpoints) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    endpoints.forEach(
        (path, handler) ->
            server.createContext(
                path,
                exchange -> {
                  Response r;
                  try {
                    r =
                        exchange.getRequestMethod().equals("GET")
                                && exchange.getRequestURI().getPath().equals(path)
                            ? handler.get()
                            : new Response(404, "text/plain", "not found\n");
                  } catch (RuntimeException e) {
                    r = new Response(500, "text/plain", e.getMessage() + "\n");
                  }
                  byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
                  exchange.getResponseHeaders().set("Content-Type", r.contentType());
                  exchange.sendResponseHeaders(r.status(), body.length);
                  try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                  }
                }));
    // The server's own dispatcher thread answers: probes and scrapes are quick and rare.
    server.setExecutor(null);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
