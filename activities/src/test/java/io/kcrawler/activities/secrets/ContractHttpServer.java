package io.kcrawler.activities.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP(S) server that plays one documented API: the test supplies a function from request
 * to response, and every request is recorded so tests can assert on the client's side of the
 * protocol (auth headers, bodies).
 */
final class ContractHttpServer implements AutoCloseable {

  record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      // HttpServer normalises header names to "First-letter-upper" form.
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  record Response(int status, String body, Map<String, String> headers) {
    static Response json(int status, String body) {
      return new Response(status, body, Map.of("Content-Type", "application/json"));
    }
  }

  private final HttpServer server;
  private final String scheme;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Function<Request, Response> handler;

  private ContractHttpServer(
      HttpServer server, String scheme, Function<Request, Response> handler) {
    this.server = server;
    this.scheme = scheme;
    this.handler = handler;
    server.createContext("/", this::handle);
    server.start();
  }

  static ContractHttpServer http(Function<Request, Response> handler) throws IOException {
    return new ContractHttpServer(
        HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http", handler);
  }

  static ContractHttpServer https(SSLContext tls, Function<Request, Response> handler)
      throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new ContractHttpServer(server, "https", handler);
  }

  String url() {
    String host = scheme.equals("https") ? "localhost" : "127.0.0.1";
    return scheme + "://" + host + ":" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Response response;
      try {
        response = handler.apply(request);
      } catch (RuntimeException e) {
        response = Response.json(500, "{\"error\":\"test handler failed: " + e + "\"}");
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
