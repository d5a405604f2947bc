package io.kcrawler.devkit.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import io.kcrawler.devkit.contract.ErrorShape;
import io.kcrawler.devkit.contract.Faults;
import io.kcrawler.devkit.contract.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * An in-process stand-in for the part of the Confluent Schema Registry REST API the crawler calls,
 * for tests and dev mode: subjects, versions, {@code GET /schemas} with paging, schemas by id,
 * registration, soft delete, global and per-subject {@code /config}. Bodies, status codes and error
 * codes follow Confluent's API reference (40401 subject, 40402 version, 40403 schema not found,
 * 40408 no subject-level config, 42201 invalid schema, 42202 invalid version, 50001 store error).
 * Knobs play an older registry without {@code GET /schemas}, auth, outages, 429s and slowness;
 * every request is recorded so tests can count calls. It does not run the format parsers:
 * registration checks JSON syntax and references only. The HTTP plumbing is the {@link
 * ContractServer} kit's.
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

  /** Confluent's error body: {@code {"error_code":…,"message":…}}. */
  private static final ErrorShape ERRORS = new ErrorShape("error_code", "message", CONTENT_TYPE);

  private static final Response NOT_FOUND = ERRORS.answer(404, 404, "HTTP 404 Not Found");
  private static final Response STORE_ERROR =
      ERRORS.answer(500, 50001, "Error in the backend data store");

  /** A schema reference as registered: import name, subject, version. */
  public record Reference(String name, String subject, int version) {}

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
  private final TreeMap<String, Subject> subjects = new TreeMap<>();
  private final Map<SchemaKey, Integer> ids = new HashMap<>();
  private final Map<Integer, SchemaKey> byId = new HashMap<>();
  private final Faults faults = new Faults();
  // Added in this order: a 429 takes precedence over an outage, as before.
  private final Faults.Fault rateLimit = faults.add();
  private final Faults.Fault outage = faults.add();
  private final AtomicInteger truncateNext = new AtomicInteger();
  private volatile boolean bulkSchemasEndpoint = true;
  private volatile String unsetSubjectLevelAnswer;
  private volatile boolean latestSkipsSoftDeleted;
  private volatile int maxPage = DEFAULT_MAX_PAGE;
  private volatile String requiredAuthorization;
  private volatile java.util.function.Predicate<String> liveBearer;
  private volatile Map<String, String> requiredHeaders = Map.of();
  private volatile boolean forbidden;
  private String globalCompatibility = "BACKWARD";
  private int nextId = 1;
  private final Routes routes =
      new Routes(NOT_FOUND, ERRORS.answer(405, 405, "HTTP 405 Method Not Allowed"))
          .on("GET", "/", (r, p) -> send(200, json.createObjectNode()))
          .on("GET", "/subjects", (r, p) -> listSubjects(r))
          .on("DELETE", "/subjects/{subject}", (r, p) -> deleteSubject(r, p.get("subject")))
          .on(
              "POST",
              "/subjects/{subject}/versions",
              (r, p) -> registerRequest(r, p.get("subject")))
          .on("GET", "/subjects/{subject}/versions", (r, p) -> listVersions(r, p.get("subject")))
          .on(
              "GET",
              "/subjects/{subject}/versions/{version}",
              (r, p) -> getVersion(r, p.get("subject"), p.get("version"), false))
          .on(
              "GET",
              "/subjects/{subject}/versions/{version}/schema",
              (r, p) -> getVersion(r, p.get("subject"), p.get("version"), true))
          .on("GET", "/schemas", (r, p) -> listSchemas(r))
          .on("GET", "/schemas/ids/{id}", (r, p) -> schemaById(p.get("id")))
          .on("GET", "/config", (r, p) -> getConfig(r, null))
          .on("PUT", "/config", (r, p) -> putConfig(r, null))
          .on("GET", "/config/{subject}", (r, p) -> getConfig(r, p.get("subject")))
          .on("PUT", "/config/{subject}", (r, p) -> putConfig(r, p.get("subject")));
  private final ContractServer server;

  private SchemaRegistryContractServer(SSLContext tls, boolean needClientAuth) throws IOException {
    ContractServer.Builder b =
        ContractServer.builder("schema-registry-contract").threads(8).onFailure(e -> STORE_ERROR);
    if (tls != null) {
      b.tls(tls, needClientAuth);
    }
    server = b.start(this::handle);
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
    return server.url();
  }

  @Override
  public void close() {
    server.close();
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
  /**
   * Plays a compatible registry that answers {@code GET /config/{subject}} for a subject without a
   * level of its own (or no such subject) with {@code level} (e.g. NONE) instead of Confluent's
   * 40408, while the global level is what it enforces. Null restores Confluent's answer.
   */
  public void unsetSubjectLevelAnswer(String level) {
    unsetSubjectLevelAnswer = level;
  }

  /**
   * Plays a registry whose "latest" never resolves to a soft-deleted version, even with {@code
   * deleted=true}: a subject soft-deleted whole answers 404 40402 for {@code versions/latest}.
   */
  public void latestSkipsSoftDeleted(boolean skips) {
    latestSkipsSoftDeleted = skips;
  }

  public void bulkSchemasEndpoint(boolean supported) {
    bulkSchemasEndpoint = supported;
  }

  /** The largest page {@code GET /schemas} returns, whatever limit the client asks for. */
  public void maxPage(int entries) {
    maxPage = entries;
  }

  /** The next {@code n} requests fail with 500 / 50001, as a registry whose store is down. */
  public void failNext(int n) {
    outage.arm(n, STORE_ERROR);
  }

  /** The next {@code n} requests get 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, int seconds) {
    rateLimit.arm(
        n,
        ERRORS
            .answer(429, 42901, "Rate limit exceeded, retry after " + seconds + " seconds")
            .withHeader("Retry-After", String.valueOf(seconds)));
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

  /**
   * Plays Confluent Cloud's OAuth: every request needs {@code Authorization: Bearer <token>} with a
   * token {@code live} accepts (one an authorization server issued and that has not expired) and
   * the routing headers Confluent's client sends with it ({@code target-sr-cluster: lsrc-…}, {@code
   * Confluent-Identity-Pool-Id: pool-…}); 401 otherwise.
   */
  public void requireOAuth(
      java.util.function.Predicate<String> live, String logicalCluster, String identityPoolId) {
    liveBearer = live;
    requiredHeaders =
        Map.of("target-sr-cluster", logicalCluster, "Confluent-Identity-Pool-Id", identityPoolId);
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
    server.latency(d);
  }

  // ---------------------------------------------------------------- observation

  /** Every request received, as {@code METHOD /path?query} by its {@code toString}. */
  public List<Request> requests() {
    return server.requests();
  }

  public long count(Predicate<Request> which) {
    return server.count(which);
  }

  /**
   * Requests to {@code /subjects} and {@code /schemas} listings, the calls that scale with size.
   */
  public long listCalls() {
    return count(r -> r.path().equals("/subjects") || r.path().equals("/schemas"));
  }

  private boolean oauthAccepted(Request r) {
    String auth = r.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || !liveBearer.test(auth.substring(7))) {
      return false;
    }
    return requiredHeaders.entrySet().stream()
        .allMatch(h -> h.getValue().equals(r.header(h.getKey())));
  }

  public void resetRequests() {
    server.clearRequests();
  }

  // ---------------------------------------------------------------- HTTP

  private Response handle(Request r) throws IOException {
    if (liveBearer != null && !oauthAccepted(r)) {
      return ERRORS
          .answer(401, 401, "Unauthorized")
          .withHeader("WWW-Authenticate", "Bearer realm=\"SchemaRegistry\"");
    }
    if (requiredAuthorization != null && !requiredAuthorization.equals(r.header("Authorization"))) {
      return ERRORS
          .answer(401, 401, "Unauthorized")
          .withHeader("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
    }
    if (forbidden) {
      return ERRORS.answer(403, 40301, "User is denied operation on this server.");
    }
    Response fault = faults.next();
    if (fault != null) {
      return fault;
    }
    if (!bulkSchemasEndpoint && r.segments().equals(List.of("schemas"))) {
      return NOT_FOUND; // for every method: the older registry has no such resource
    }
    return routes.handle(r);
  }

  private Response listSubjects(Request r) throws IOException {
    boolean deleted = flag(r, "deleted");
    String prefix = param(r, "subjectPrefix", "");
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      subjects.forEach(
          (name, s) -> {
            if (name.startsWith(prefix) && (s.hasLive() || (deleted && !s.versions.isEmpty()))) {
              out.add(name);
            }
          });
    }
    return send(200, out);
  }

  private Response deleteSubject(Request r, String name) throws IOException {
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || (!s.hasLive() && !flag(r, "permanent"))) {
        return subjectNotFound(name);
      }
      if (flag(r, "permanent")) {
        if (s.hasLive()) {
          return ERRORS.answer(
              404,
              40405,
              "Subject '" + name + "' was not deleted first before being permanently deleted");
        }
        s.versions.forEach(v -> out.add(v.version));
        subjects.remove(name);
      } else {
        s.versions.stream().filter(v -> !v.deleted).forEach(v -> out.add(v.version));
        s.versions.forEach(v -> v.deleted = true);
      }
    }
    return send(200, out);
  }

  private Response listVersions(Request r, String name) throws IOException {
    boolean deleted = flag(r, "deleted");
    ArrayNode out = json.createArrayNode();
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || !(s.hasLive() || deleted)) {
        return subjectNotFound(name);
      }
      s.versions.stream().filter(v -> deleted || !v.deleted).forEach(v -> out.add(v.version));
    }
    return send(200, out);
  }

  private Response getVersion(Request r, String name, String versionText, boolean schemaOnly)
      throws IOException {
    boolean deleted = flag(r, "deleted");
    Integer wanted = parseVersion(versionText);
    if (wanted == null) {
      return ERRORS.answer(
          422,
          42202,
          "The specified version '"
              + versionText
              + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
              + " \"latest\"");
    }
    Version found = null;
    synchronized (this) {
      Subject s = subjects.get(name);
      if (s == null || !(s.hasLive() || deleted)) {
        return subjectNotFound(name);
      }
      for (Version v : s.versions) {
        boolean visible =
            wanted == -1 && latestSkipsSoftDeleted ? !v.deleted : deleted || !v.deleted;
        if (visible) {
          if (wanted == -1 || v.version == wanted) {
            found = v;
          }
        }
      }
    }
    if (found == null) {
      return ERRORS.answer(404, 40402, "Version " + versionText + " not found.");
    }
    if (schemaOnly) {
      return new Response(200, found.schema, Map.of());
    }
    return send(200, schemaJson(name, found));
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

  private Response registerRequest(Request r, String subject) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(r.body());
    } catch (IOException e) {
      return ERRORS.answer(400, 400, "Unrecognized request body");
    }
    String type = body.path("schemaType").asText("AVRO").toUpperCase(Locale.ROOT);
    String schema = body.path("schema").asText(null);
    List<Reference> refs = new ArrayList<>();
    for (JsonNode ref : body.path("references")) {
      refs.add(
          new Reference(
              ref.path("name").asText(),
              ref.path("subject").asText(),
              ref.path("version").asInt()));
    }
    int id;
    synchronized (this) {
      String problem = validate(type, schema, refs);
      if (problem != null) {
        return ERRORS.answer(422, 42201, problem);
      }
      id = store(subject, type, schema, refs);
    }
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    return send(200, out);
  }

  private Response listSchemas(Request r) throws IOException {
    boolean deleted = flag(r, "deleted");
    boolean latestOnly = flag(r, "latestOnly");
    String prefix = param(r, "subjectPrefix", "");
    int offset = Math.max(0, intParam(r, "offset", 0));
    int limit = intParam(r, "limit", -1);
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
    return send(200, out);
  }

  private Response schemaById(String idText) throws IOException {
    SchemaKey key;
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      return NOT_FOUND;
    }
    synchronized (this) {
      key = byId.get(id);
    }
    if (key == null) {
      return ERRORS.answer(404, 40403, "Schema " + id + " not found");
    }
    ObjectNode out = json.createObjectNode();
    if (!key.type().equals("AVRO")) {
      out.put("schemaType", key.type());
    }
    if (!key.references().isEmpty()) {
      out.set("references", references(key.references()));
    }
    out.put("schema", key.schema());
    return send(200, out);
  }

  private Response getConfig(Request r, String subject) throws IOException {
    String level;
    synchronized (this) {
      if (subject == null) {
        level = globalCompatibility;
      } else {
        Subject s = subjects.get(subject);
        level = s == null ? null : s.compatibility;
        if (level == null && flag(r, "defaultToGlobal")) {
          level = globalCompatibility;
        }
        if (level == null) {
          level = unsetSubjectLevelAnswer;
        }
      }
    }
    if (level == null) {
      return ERRORS.answer(
          404,
          40408,
          "Subject '" + subject + "' does not have subject-level compatibility configured");
    }
    ObjectNode out = json.createObjectNode();
    out.put("compatibilityLevel", level);
    return send(200, out);
  }

  private Response putConfig(Request r, String subject) throws IOException {
    JsonNode body;
    try {
      body = json.readTree(r.body());
    } catch (IOException e) {
      return ERRORS.answer(400, 400, "Unrecognized request body");
    }
    String level = body.path("compatibility").asText("").toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      return ERRORS.answer(
          422,
          42203,
          "Invalid compatibility level. Valid values are none, backward, forward, full,"
              + " backward_transitive, forward_transitive, and full_transitive");
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
    return send(200, out);
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

  private static String param(Request r, String name, String dflt) {
    String v = r.param(name);
    return v == null ? dflt : v;
  }

  private static boolean flag(Request r, String name) {
    return "true".equalsIgnoreCase(r.param(name));
  }

  private static int intParam(Request r, String name, int dflt) {
    try {
      String v = r.param(name);
      return v != null ? Integer.parseInt(v) : dflt;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  private static Response subjectNotFound(String subject) {
    return ERRORS.answer(404, 40401, "Subject '" + subject + "' not found.");
  }

  /** A JSON answer in Confluent's content type; a 200 may be cut short ({@link #truncateNext}). */
  private Response send(int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    if (status == 200 && truncateNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      bytes = java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
    }
    return new Response(status, bytes, Map.of("Content-Type", CONTENT_TYPE));
  }
}
