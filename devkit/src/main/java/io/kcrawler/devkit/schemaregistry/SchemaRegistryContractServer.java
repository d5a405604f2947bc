package io.kcrawler.devkit.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An in-process stand-in for the part of the Confluent Schema Registry REST API the crawler calls,
 * for tests and dev mode: subjects, versions, {@code GET /schemas} with paging, schemas by id,
 * registration, soft delete, global and per-subject {@code /config}. Bodies, status codes and error
 * codes follow Confluent's API reference (40401 subject, 40402 version, 40403 schema not found,
 * 40408 no subject-level config, 42201 invalid schema, 42202 invalid version, 50001 store error).
 * Knobs play an older registry without {@code GET /schemas}, auth, outages, 429s and slowness;
 * every request is recorded so tests can count calls. It does not run the format parsers:
 * registration checks JSON syntax and references only.
 */
public final class SchemaRegistryContractServer implements AutoCloseable {
  /** Confluent's content type for every response. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** {@code schema.search.max.limit}'s default on current registries: pages hold at most 1000. */
  public static final int DEFAULT_MAX_PAGE = 1000;

  static final Set<String> TYPES = Set.of("AVRO", "JSON", "PROTOBUF");
  static final Set<String> LEVELS =
      Set.of(
          "NONE",
          "BACKWARD",
          "BACKWARD_TRANSITIVE",
          "FORWARD",
          "FORWARD_TRANSITIVE",
          "FULL",
          "FULL_TRANSITIVE");

  /** A schema reference as registered: import name, subject, version. */
  public record Reference(String name, String subject, int version) {}

  /** A request as received, for counting: method, raw path and query. */
  public record Request(String method, String path, String query) {
    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  private static final class Version {
    final int version;
    final int id;
    final String type;
    final String schema;
    final List<Reference> references;
    boolean deleted;

    Version(int version, int id, String type, String schema, List<Reference> references) {
      this.version = version;
      this.id = id;
      this.type = type;
      this.schema = schema;
      this.references = references;
    }
  }

  private static final class Subject {
    final List<Version> versions = new ArrayList<>();
    String compatibility;

    boolean hasLive() {
      return versions.stream().anyMatch(v -> !v.deleted);
    }
  }

  private record SchemaKey(String type, String schema, List<Reference> references) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;
  private final TreeMap<String, Subject> subjects = new TreeMap<>();
  private final Map<SchemaKey, Integer> ids = new HashMap<>();
  private final Map<Integer, SchemaKey> byId = new HashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger truncateNext = new AtomicInteger();
  private final AtomicInteger rateLimitNext = new AtomicInteger();
  private volatile int retryAfterSeconds = 1;
  private volatile boolean bulkSchemasEndpoint = true;
  private volatile int maxPage = DEFAULT_MAX_PAGE;
  private volatile String requiredAuthorization;
  private volatile boolean forbidden;
  private volatile Duration delay = Duration.ZERO;
  private String globalCompatibility = "BACKWARD";
  private int nextId = 1;

  static {
    // Headers and body go out in separate writes: without TCP_NODELAY every response waits for
    // the client's delayed ACK (~40 ms). Read once, when the JDK server is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private SchemaRegistryContractServer(SSLContext tls, boolean needClientAuth) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(address, 0);
    } else {
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
    executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "schema-registry-contract");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    url =
        (tls == null ? "http" : "https")
            + "://"
            + (tls == null ? "127.0.0.1" : "localhost")
            + ":"
            + server.getAddress().getPort();
  }

  /** Starts a plain-HTTP server on a free loopback port. */
  public static SchemaRegistryContractServer start() throws IOException {
    return new SchemaRegistryContractServer(null, false);
  }

  /** Starts an HTTPS server with the given server certificate (see {@code TlsMaterial}). */
  public static SchemaRegistryContractServer startTls(SSLContext tls) throws IOException {
    return new SchemaRegistryContractServer(tls, false);
  }

  /**
   * Starts an HTTPS server that requires a client certificate trusted by {@code tls}'s trust
   * managers (mutual TLS).
   */
  public static SchemaRegistryContractServer startMutualTls(SSLContext tls) throws IOException {
    return new SchemaRegistryContractServer(tls, true);
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- seeding

  /** Registers a schema as {@code POST /subjects/{subject}/versions} would; returns its id. */
  public int register(String subject, String type, String schema, List<Reference> refs) {
    synchronized (this) {
      String problem = validate(type, schema, refs);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      return store(subject, type, schema, refs);
    }
  }

  public int register(String subject, String type, String schema) {
    return register(subject, type, schema, List.of());
  }

  /**
   * Stores a schema without any check: plays one that an older or more lenient registry accepted
   * and a parser may now reject.
   */
  public synchronized int registerUnchecked(String subject, String type, String schema) {
    return store(subject, type, schema, List.of());
  }

  public synchronized void setGlobalCompatibility(String level) {
    globalCompatibility = level;
  }

  public synchronized void setSubjectCompatibility(String subject, String level) {
    subject(subject).compatibility = level;
  }

  /** Soft-deletes every version of {@code subject}, like {@code DELETE /subjects/{subject}}. */
  public synchronized void softDelete(String subject) {
    Subject s = subjects.get(subject);
    if (s != null) {
      s.versions.forEach(v -> v.deleted = true);
    }
  }

  // ---------------------------------------------------------------- knobs

  /** false plays a registry older than {@code GET /schemas}: it answers 404 with code 404. */
  public void bulkSchemasEndpoint(boolean supported) {
    bulkSchemasEndpoint = supported;
  }

  /** The largest page {@code GET /schemas} returns, whatever limit the client asks for. */
  public void maxPage(int entries) {
    maxPage = entries;
  }

  /** The next {@code n} requests fail with 500 / 50001, as a registry whose store is down. */
  public void failNext(int n) {
    failNext.set(n);
  }

  /** The next {@code n} requests get 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, int seconds) {
    retryAfterSeconds = seconds;
    rateLimitNext.set(n);
  }

  /**
   * The next {@code n} successful answers are cut off in the middle of their JSON body (status 200,
   * a Content-Length that matches the cut body), as a proxy or a dropped connection leaves them.
   */
  public void truncateNext(int n) {
    truncateNext.set(n);
  }

  /** Requires HTTP basic auth with these credentials; 401 otherwise. */
  public void requireBasicAuth(String user, String password) {
    requiredAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Requires this bearer token; 401 otherwise. */
  public void requireBearer(String token) {
    requiredAuthorization = "Bearer " + token;
  }

  /** Authenticated callers are denied every operation (403, 40301), as without RBAC rights. */
  public void forbidAll(boolean forbid) {
    forbidden = forbid;
  }

  /** Every request waits this long before it is answered. */
  public void delay(Duration d) {
    delay = d;
  }

  // ---------------------------------------------------------------- observation

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public long count(Predicate<Request> which) {
    return requests.stream().filter(which).count();
  }

  /**
   * Requests to {@code /subjects} and {@code /schemas} listings, the calls that scale with size.
   */
  public long listCalls() {
    return count(r -> r.path().equals("/subjects") || r.path().equals("/schemas"));
  }

  public void resetRequests() {
    requests.clear();
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String rawPath = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      requests.add(new Request(ex.getRequestMethod(), rawPath, query));
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (requiredAuthorization != null
          && !requiredAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
        error(ex, 401, 401, "Unauthorized");
        return;
      }
      if (forbidden) {
        error(ex, 403, 40301, "User is denied operation on this server.");
        return;
      }
      if (rateLimitNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        ex.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
        error(ex, 429, 42901, "Rate limit exceeded, retry after " + retryAfterSeconds + " seconds");
        return;
      }
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(ex, 500, 50001, "Error in the backend data store");
        return;
      }
      route(ex, segments(rawPath), params(query));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error(ex, 500, 50001, "Error in the backend data store");
    }
  }

  private void route(HttpExchange ex, List<String> seg, Map<String, String> q) throws IOException {
    String method = ex.getRequestMethod();
    int n = seg.size();
    if (n == 0) {
      only(ex, "GET", () -> send(ex, 200, json.createObjectNode()));
    } else if (seg.get(0).equals("subjects")) {
      if (n == 1) {
        only(ex, "GET", () -> listSubjects(ex, q));
      } else if (n == 2) {
        only(ex, "DELETE", () -> deleteSubject(ex, seg.get(1), q));
      } else if (n == 3 && seg.get(2).equals("versions")) {
        if (method.equals("POST")) {
          registerRequest(ex, seg.get(1));
        } else {
          only(ex, "GET", () -> listVersions(ex, seg.get(1), q));
        }
      } else if (n == 4 && seg.get(2).equals("versions")) {
        only(ex, "GET", () -> getVersion(ex, seg.get(1), seg.get(3), q, false));
      } else if (n == 5 && seg.get(2).equals("versions") && seg.get(4).equals("schema")) {
        only(ex, "GET", () -> getVersion(ex, seg.get(1), seg.get(3), q, true));
      } else {
        notFound(ex);
      }
    } else if (seg.get(0).equals("schemas")) {
      if (n == 1 && bulkSchemasEndpoint) {
        only(ex, "GET", () -> listSchemas(ex, q));
      } else if (n == 3 && seg.get(1).equals("ids")) {
        only(ex, "GET", () -> schemaById(ex, seg.get(2)));
      } else {
        notFound(ex);
      }
    } else if (seg.get(0).equals("config") && n <= 2) {
      String subject = n == 2 ? seg.get(1) : null;
      if (method.equals("PUT")) {
        putConfig(ex, subject);
      } else {
        only(ex, "GET", () -> getConfig(ex, subject, q));
      }
    } else {
      notFound(ex);
    }
  }

  private interface Action {
    void run() throws IOException;
  }

  private void only(HttpExchange ex, String method, Action action) throws IOException {
    if (ex.getRequestMethod().equals(method)) {
      action.run();
    } else {
      error(ex, 405, 405, "HTTP 405 Method Not Allowed");
    }
  }

  private void listSubjects(HttpExchange ex, Map<String, String> q) throws IOException {
    boolean deleted = flag(q, "deleted");
    String prefix = q.getOrDefault("subjectPrefix", "");
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      subjects.forEach(
          (name, s) -> {
            if (name.startsWith(prefix) && (s.hasLive() || (deleted && !s.versions.isEmpty()))) {
              out.add(name);
            }
          });
    }
    send(ex, 200, out);
  }

  private void deleteSubject(HttpExchange ex, String name, Map<String, String> q)
      throws IOException {
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || (!s.hasLive() && !flag(q, "permanent"))) {
        subjectNotFound(ex, name);
        return;
      }
      if (flag(q, "permanent")) {
        if (s.hasLive()) {
          error(
              ex,
              404,
              40405,
              "Subject '" + name + "' was not deleted first before being permanently deleted");
          return;
        }
        s.versions.forEach(v -> out.add(v.version));
        subjects.remove(name);
      } else {
        s.versions.stream().filter(v -> !v.deleted).forEach(v -> out.add(v.version));
        s.versions.forEach(v -> v.deleted = true);
      }
    }
    send(ex, 200, out);
  }

  private void listVersions(HttpExchange ex, String name, Map<String, String> q)
      throws IOException {
    boolean deleted = flag(q, "deleted");
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || !(s.hasLive() || deleted)) {
        subjectNotFound(ex, name);
        return;
      }
      s.versions.stream().filter(v -> deleted || !v.deleted).forEach(v -> out.add(v.version));
    }
    send(ex, 200, out);
  }

  private void getVersion(
      HttpExchange ex, String name, String versionText, Map<String, String> q, boolean schemaOnly)
      throws IOException {
    boolean deleted = flag(q, "deleted");
    Integer wanted = parseVersion(versionText);
    if (wanted == null) {
      error(
          ex,
          422,
          42202,
          "The specified version '"
              + versionText
              + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
              + " \"latest\"");
      return;
    }
    Version found = null;
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || !(s.hasLive() || deleted)) {
        subjectNotFound(ex, name);
        return;
      }
      for (Version v : s.versions) {
        if (deleted || !v.deleted) {
          if (wanted == -1 || v.version == wanted) {
            found = v;
          }
        }
      }
    }
    if (found == null) {
      error(ex, 404, 40402, "Version " + versionText + " not found.");
      return;
    }
    if (schemaOnly) {
      sendRaw(ex, 200, found.schema.getBytes(StandardCharsets.UTF_8));
    } else {
      send(ex, 200, schemaJson(name, found));
    }
  }

  /** "latest" and -1 both mean the latest version; null when not a valid version id. */
  private static Integer parseVersion(String text) {
    if (text.equals("latest")) {
      return -1;
    }
    try {
      int v = Integer.parseInt(text);
      return v == -1 || v >= 1 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void registerRequest(HttpExchange ex, String subject) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      body = json.readTree(in);
    } catch (IOException e) {
      error(ex, 400, 400, "Unrecognized request body");
      return;
    }
    String type = body.path("schemaType").asText("AVRO").toUpperCase(Locale.ROOT);
    String schema = body.path("schema").asText(null);
    List<Reference> refs = new ArrayList<>();
    for (JsonNode r : body.path("references")) {
      refs.add(
          new Reference(
              r.path("name").asText(), r.path("subject").asText(), r.path("version").asInt()));
    }
    int id;
    synchronized (this) {
      String problem = validate(type, schema, refs);
      if (problem != null) {
        error(ex, 422, 42201, problem);
        return;
      }
      id = store(subject, type, schema, refs);
    }
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    send(ex, 200, out);
  }

  private void listSchemas(HttpExchange ex, Map<String, String> q) throws IOException {
    boolean deleted = flag(q, "deleted");
    boolean latestOnly = flag(q, "latestOnly");
    String prefix = q.getOrDefault("subjectPrefix", "");
    int offset = Math.max(0, intParam(q, "offset", 0));
    int limit = intParam(q, "limit", -1);
    if (limit <= 0 || limit > maxPage) {
      limit = maxPage;
    }
    List<ObjectNode> all = new ArrayList<>();
    synchronized (this) {
      subjects.forEach(
          (name, s) -> {
            if (!name.startsWith(prefix)) {
              return;
            }
            List<Version> visible = s.versions.stream().filter(v -> deleted || !v.deleted).toList();
            if (visible.isEmpty()) {
              return;
            }
            if (latestOnly) {
              all.add(schemaJson(name, visible.get(visible.size() - 1)));
            } else {
              visible.forEach(v -> all.add(schemaJson(name, v)));
            }
          });
    }
    ArrayNode out = json.createArrayNode();
    all.stream().skip(offset).limit(limit).forEach(out::add);
    send(ex, 200, out);
  }

  private void schemaById(HttpExchange ex, String idText) throws IOException {
    SchemaKey key;
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      notFound(ex);
      return;
    }
    synchronized (this) {
      key = byId.get(id);
    }
    if (key == null) {
      error(ex, 404, 40403, "Schema " + id + " not found");
      return;
    }
    ObjectNode out = json.createObjectNode();
    if (!key.type().equals("AVRO")) {
      out.put("schemaType", key.type());
    }
    if (!key.references().isEmpty()) {
      out.set("references", references(key.references()));
    }
    out.put("schema", key.schema());
    send(ex, 200, out);
  }

  private void getConfig(HttpExchange ex, String subject, Map<String, String> q)
      throws IOException {
    String level;
    synchronized (this) {
      if (subject == null) {
        level = globalCompatibility;
      } else {
        Subject s = subjects.get(subject);
        level = s == null ? null : s.compatibility;
        if (level == null && flag(q, "defaultToGlobal")) {
          level = globalCompatibility;
        }
      }
    }
    if (level == null) {
      error(
          ex,
          404,
          40408,
          "Subject '" + subject + "' does not have subject-level compatibility configured");
      return;
    }
    ObjectNode out = json.createObjectNode();
    out.put("compatibilityLevel", level);
    send(ex, 200, out);
  }

  private void putConfig(HttpExchange ex, String subject) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      body = json.readTree(in);
    } catch (IOException e) {
      error(ex, 400, 400, "Unrecognized request body");
      return;
    }
    String level = body.path("compatibility").asText("").toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      error(
          ex,
          422,
          42203,
          "Invalid compatibility level. Valid values are none, backward, forward, full,"
              + " backward_transitive, forward_transitive, and full_transitive");
      return;
    }
    synchronized (this) {
      if (subject == null) {
        globalCompatibility = level;
      } else {
        subject(subject).compatibility = level;
      }
    }
    ObjectNode out = json.createObjectNode();
    out.put("compatibility", level);
    send(ex, 200, out);
  }

  // ---------------------------------------------------------------- state

  private Subject subject(String name) {
    return subjects.computeIfAbsent(name, k -> new Subject());
  }

  /** Null when the schema can be stored, else the 42201 message. */
  private String validate(String type, String schema, List<Reference> refs) {
    if (!TYPES.contains(type)) {
      return "Invalid schema type " + type;
    }
    if (schema == null || schema.isBlank()) {
      return "Invalid schema: empty schema";
    }
    if (!type.equals("PROTOBUF")) {
      try {
        json.readTree(schema);
      } catch (IOException e) {
        return "Invalid schema " + abbreviate(schema) + ", details: not valid JSON";
      }
    }
    for (Reference r : refs) {
      Subject s = subjects.get(r.subject());
      boolean exists =
          s != null
              && s.versions.stream()
                  .anyMatch(v -> !v.deleted && (r.version() == -1 || v.version == r.version()));
      if (!exists) {
        return "Invalid schema "
            + abbreviate(schema)
            + ", details: reference "
            + r.name()
            + " (subject "
            + r.subject()
            + " version "
            + r.version()
            + ") not found";
      }
    }
    return null;
  }

  private int store(String subjectName, String type, String schema, List<Reference> refs) {
    SchemaKey key = new SchemaKey(type, schema, List.copyOf(refs));
    int id =
        ids.computeIfAbsent(
            key,
            k -> {
              int newId = nextId++;
              byId.put(newId, k);
              return newId;
            });
    Subject s = subject(subjectName);
    for (Version v : s.versions) {
      if (!v.deleted && v.id == id) {
        return id; // already registered: same id, no new version
      }
    }
    int version = s.versions.isEmpty() ? 1 : s.versions.get(s.versions.size() - 1).version + 1;
    s.versions.add(new Version(version, id, type, schema, List.copyOf(refs)));
    return id;
  }

  private ObjectNode schemaJson(String subject, Version v) {
    ObjectNode out = json.createObjectNode();
    out.put("subject", subject);
    out.put("version", v.version);
    out.put("id", v.id);
    // Confluent leaves schemaType out for Avro and references out when there are none.
    if (!v.type.equals("AVRO")) {
      out.put("schemaType", v.type);
    }
    if (!v.references.isEmpty()) {
      out.set("references", references(v.references));
    }
    out.put("schema", v.schema);
    return out;
  }

  private ArrayNode references(List<Reference> refs) {
    ArrayNode arr = json.createArrayNode();
    for (Reference r : refs) {
      arr.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version());
    }
    return arr;
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static boolean flag(Map<String, String> q, String name) {
    return "true".equalsIgnoreCase(q.get(name));
  }

  private static int intParam(Map<String, String> q, String name, int dflt) {
    try {
      return q.containsKey(name) ? Integer.parseInt(q.get(name)) : dflt;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  private void subjectNotFound(HttpExchange ex, String subject) throws IOException {
    error(ex, 404, 40401, "Subject '" + subject + "' not found.");
  }

  private void notFound(HttpExchange ex) throws IOException {
    error(ex, 404, 404, "HTTP 404 Not Found");
  }

  private void error(HttpExchange ex, int status, int code, String message) throws IOException {
    ObjectNode out = json.createObjectNode();
    out.put("error_code", code);
    out.put("message", message);
    send(ex, status, out);
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    byte[] bytes = json.writeValueAsBytes(body);
    if (status == 200 && truncateNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
    }
    sendRaw(ex, status, bytes);
  }

  private static void sendRaw(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
