package io.kcrawler.worker.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kcrawler.activities.secrets.SecretResolver;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's codec-server protocol over the JDK HTTP server: {@code POST /encode} and {@code POST
 * /decode} (also under a {@code /<namespace>/} prefix, as the CLI templates it) take and return
 * {@code {"payloads":[…]}} in proto JSON. CORS is granted to one Web UI origin; an optional bearer
 * token guards both endpoints, since decode hands out plaintext.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);

  /** A UI page decodes a whole history at once; beyond this a request is refused, not buffered. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  /** Decoding is CPU-bound and the UI sends a handful of requests at a time. */
  private static final int THREADS = 4;

  /** Headers the Web UI sends: X-Namespace names the namespace, Authorization the user's token. */
  private static final String ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization";

  private final HttpServer server;
  private final ExecutorService executor;
  private final PayloadCodec codec;
  private final String allowedOrigin;
  private final byte[] bearerToken;

  private CodecServer(
      HttpServer server, PayloadCodec codec, String allowedOrigin, String bearerToken) {
    this.server = server;
    this.codec = codec;
    this.allowedOrigin = allowedOrigin;
    this.bearerToken =
        bearerToken == null ? null : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
    this.executor = Executors.newFixedThreadPool(THREADS);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving.
   *
   * @param allowedOrigin the Web UI's origin, e.g. {@code http://localhost:8233}; null for no CORS
   * @param bearerToken token callers must send as {@code Authorization: Bearer …}; null for none
   */
  public static CodecServer start(
      InetSocketAddress bind, PayloadCodec codec, String allowedOrigin, String bearerToken)
      throws IOException {
    CodecServer codecServer =
        new CodecServer(HttpServer.create(bind, 0), codec, allowedOrigin, bearerToken);
    codecServer.server.start();
    log.info("codec server listening on {}", codecServer.server.getAddress());
    return codecServer;
  }

  /** Starts serving as {@code config} says; the token reference is resolved once, here. */
  public static CodecServer start(
      CodecServerConfig config, PayloadCodec codec, SecretResolver resolver) throws IOException {
    return start(
        new InetSocketAddress(config.host(), config.port()),
        codec,
        config.uiOrigin(),
        config.tokenRef() == null ? null : resolver.resolve(config.tokenRef()));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    UnaryOperator<List<Payload>> operation;
    if (path.endsWith("/encode")) {
      operation = codec::encode;
    } else if (path.endsWith("/decode")) {
      operation = codec::decode;
    } else {
      respond(exchange, 404, "{\"message\":\"not found\"}");
      return;
    }
    boolean corsAllowed = addCorsHeaders(exchange);
    String method = exchange.getRequestMethod();
    if (method.equals("OPTIONS")) {
      // Preflight carries no credentials; the browser only needs the CORS answer.
      respond(exchange, corsAllowed ? 200 : 403, "");
      return;
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
      respond(exchange, 405, "{\"message\":\"use POST\"}");
      return;
    }
    if (!authorized(exchange)) {
      respond(exchange, 401, "{\"message\":\"missing or wrong bearer token\"}");
      return;
    }
    byte[] body = readBody(exchange.getRequestBody());
    if (body == null) {
      respond(exchange, 413, "{\"message\":\"request body too large\"}");
      return;
    }
    String result;
    try {
      result = apply(operation, new String(body, StandardCharsets.UTF_8));
    } catch (InvalidProtocolBufferException e) {
      respond(exchange, 400, "{\"message\":\"expected {\\\"payloads\\\":[...]} in proto JSON\"}");
      return;
    } catch (PayloadCodecException e) {
      // Codec messages name key ids and reasons, never payload content.
      log.warn("codec server request failed: {}", e.getMessage());
      respond(exchange, 400, "{\"message\":" + jsonString(e.getMessage()) + "}");
      return;
    }
    respond(exchange, 200, result);
  }

  private static String apply(UnaryOperator<List<Payload>> operation, String json)
      throws InvalidProtocolBufferException {
    Payloads.Builder request = Payloads.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(json, request);
    List<Payload> result = operation.apply(request.getPayloadsList());
    // Built by hand so "payloads" is present even when empty (proto JSON omits empty lists).
    JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
    StringBuilder out = new StringBuilder("{\"payloads\":[");
    for (int i = 0; i < result.size(); i++) {
      out.append(i == 0 ? "" : ",").append(printer.print(result.get(i)));
    }
    return out.append("]}").toString();
  }

  private boolean addCorsHeaders(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (allowedOrigin == null || !allowedOrigin.equals(origin)) {
      return false;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("Access-Control-Allow-Origin", allowedOrigin);
    headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
    headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    // The UI can be set to send cookies/credentials with codec requests.
    headers.set("Access-Control-Allow-Credentials", "true");
    headers.set("Vary", "Origin");
    return true;
  }

  private boolean authorized(HttpExchange exchange) {
    if (bearerToken == null) {
      return true;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null
        && MessageDigest.isEqual(bearerToken, given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static String jsonString(String s) {
    return s.chars()
        .mapToObj(
            c ->
                c == '"' || c == '\\' ? "\\" + (char) c : c < 0x20 ? " " : String.valueOf((char) c))
        .collect(Collectors.joining("", "\"", "\""));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
