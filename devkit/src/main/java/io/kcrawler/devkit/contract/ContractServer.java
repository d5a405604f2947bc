package io.kcrawler.devkit.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The plumbing of an in-process HTTP(S) server that plays one external service's documented
 * contract, for tests and dev mode: it listens on a free loopback port, hands each request (body
 * read) to a {@link Handler}, writes the {@link Response} it returns, records every request so
 * tests can assert on the client's side of the protocol, and can add latency to every request. The
 * contract itself (routes, validation, state, error bodies) stays in the stand-in; {@link Routes},
 * {@link Faults} and {@link ErrorShape} are the pieces stand-ins assemble it from.
 *
 * <p>A {@link RuntimeException} out of the handler is answered with the server's failure answer (by
 * default 500 naming the exception); an {@link IOException} drops the connection without an answer,
 * as a reset or a broken network leaves it.
 */
public final class ContractServer implements AutoCloseable {

  /** What a contract answers to a request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws IOException;
  }

  /** A request as received: method, raw path and query, headers, and the body as UTF-8 text. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** The first value of a header, whatever the case of its name; null when absent. */
    public String header(String name) {
      // HttpServer normalises header names to "First-letter-upper" form.
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /**
     * The path's segments, percent-decoded one by one (so an encoded {@code /} stays inside its
     * segment, and {@code +} stays a plus), empty ones left out.
     */
    public List<String> segments() {
      return ContractServer.segments(path);
    }

    /** The query's parameters, decoded, each with its values in order. */
    public Map<String, List<String>> params() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      if (query == null) {
        return out;
      }
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
      return out;
    }

    /** A query parameter's first value (as JAX-RS binds a single-valued one); null when absent. */
    public String param(String name) {
      List<String> values = params().get(name);
      return values == null ? null : values.get(0);
    }

    /** {@code METHOD /path?query}, as a test names a call. */
    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  /** An answer: status, body (none when empty) and headers. */
  public record Response(int status, byte[] body, Map<String, String> headers) {

    public Response(int status, String body, Map<String, String> headers) {
      this(status, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A JSON body with {@code Content-Type: application/json}. */
    public static Response json(int status, String body) {
      return new Response(status, body, Map.of("Content-Type", "application/json"));
    }

    /** This answer with one more header, e.g. {@code Retry-After} on a 429. */
    public Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, body, more);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Headers and body go out in separate writes: without TCP_NODELAY every response waits for
    // the client's delayed ACK (~40 ms). Read once, when the JDK server is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;
  private final Handler handler;
  private final Function<RuntimeException, Response> onFailure;
  private final boolean recording;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  private ContractServer(Builder b, Handler handler) throws IOException {
    this.handler = handler;
    this.onFailure = b.onFailure;
    this.recording = b.recording;
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    SSLContext tls = b.tls;
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
      boolean needClientAuth = b.needClientAuth;
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(
          new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters p = tls.getDefaultSSLParameters();
              p.setNeedClientAuth(needClientAuth);
              params.setSSLParameters(p);
            }
          });
      server = https;
    }
    String threadName = b.name;
    executor =
        Executors.newFixedThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    // Certificates name localhost; plain HTTP uses the address it listens on.
    url =
        (tls == null ? "http://127.0.0.1:" : "https://localhost:") + server.getAddress().getPort();
  }

  /** A plain-HTTP server on a free loopback port answering with {@code handler}. */
  public static ContractServer http(Handler handler) throws IOException {
    return builder("contract-server").start(handler);
  }

  /** An HTTPS server with this server certificate, answering with {@code handler}. */
  public static ContractServer https(SSLContext tls, Handler handler) throws IOException {
    return builder("contract-server").tls(tls, false).start(handler);
  }

  /** Options for a server whose handler threads are called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** How a server is set up; {@link #start} opens it. */
  public static final class Builder {
    private final String name;
    private int threads = 1;
    private SSLContext tls;
    private boolean needClientAuth;
    private boolean recording = true;
    private Function<RuntimeException, Response> onFailure = ContractServer::handlerFailed;

    private Builder(String name) {
      this.name = name;
    }

    /** Requests served at the same time (default 1, one after the other). */
    public Builder threads(int n) {
      threads = n;
      return this;
    }

    /**
     * HTTPS with {@code tls}'s server certificate; {@code needClientAuth} requires a client
     * certificate trusted by its trust managers (mutual TLS).
     */
    public Builder tls(SSLContext tls, boolean needClientAuth) {
      this.tls = tls;
      this.needClientAuth = needClientAuth;
      return this;
    }

    /** The answer to a request whose handler threw a RuntimeException (the service's 500). */
    public Builder onFailure(Function<RuntimeException, Response> answer) {
      onFailure = answer;
      return this;
    }

    /** false keeps no request log (a stand-in that counts what it needs itself). */
    public Builder recordRequests(boolean record) {
      recording = record;
      return this;
    }

    public ContractServer start(Handler handler) throws IOException {
      return new ContractServer(this, handler);
    }
  }

  /** {@code http://127.0.0.1:port}, or {@code https://localhost:port} with TLS. */
  public String url() {
    return url;
  }

  /** Every request waits this long before it is handled (the network, or a slow service). */
  public void latency(Duration d) {
    latency = d;
  }

  /** Every request received, in order of arrival (none when recording is off). */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public long count(Predicate<Request> which) {
    return requests.stream().filter(which).count();
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      Request request =
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(),
              Map.copyOf(ex.getRequestHeaders()),
              new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (recording) {
        requests.add(request);
      }
      if (!latency.isZero()) {
        try {
          Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Response response;
      try {
        response = handler.handle(request);
      } catch (RuntimeException e) {
        response = onFailure.apply(e);
      }
      response.headers().forEach(ex.getResponseHeaders()::add);
      byte[] body = response.body();
      ex.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static Response handlerFailed(RuntimeException e) {
    try {
      return Response.json(
          500,
          JSON.writeValueAsString(
              JSON.createObjectNode().put("error", "contract handler failed: " + e)));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
