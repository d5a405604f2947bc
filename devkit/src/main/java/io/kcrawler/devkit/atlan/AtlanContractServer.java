package io.kcrawler.devkit.atlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that plays the part of Atlan's API the Atlan sink uses, enforcing the contract of
 * Atlan's metastore (a fork of Apache Atlas) over a type system ({@link AtlasTypeSystem}):
 *
 * <ul>
 *   <li>{@code GET /api/meta/types/typedef/name/{name}}: the typedef, or 404 {@code
 *       ATLAS-404-00-001} for a type the tenant lacks;
 *   <li>{@code POST /api/meta/entity/bulk}: upsert matched by typeName + qualifiedName answering an
 *       EntityMutationResponse. Refused as Atlas refuses: an unknown type with 400 {@code
 *       ATLAS-400-00-014}, a value invalid for its attribute's type (enum, array, number) with 404
 *       {@code ATLAS-404-00-007} (Atlas's own status for it), a relationship to an asset neither
 *       stored nor in the request with 404 {@code ATLAS-404-00-00A}. Attributes and relationships
 *       the type does not define are accepted and silently dropped, as Atlas does, and recorded in
 *       {@link #dropped()} so a test can assert that nothing was;
 *   <li>{@code GET /api/meta/entity/uniqueAttribute/type/{type}}: lookup, 404 {@code
 *       ATLAS-404-00-009} when absent;
 *   <li>{@code DELETE /api/meta/entity/bulk?deleteType=SOFT&guid=…}: soft delete.
 * </ul>
 *
 * Like Atlas, a bulk request is one transaction: a request answered with an error changed nothing.
 * Error bodies have Atlas's shape, {@code {"errorCode","errorMessage"}}. Faults can be queued per
 * upcoming request; every accepted write is counted per qualifiedName.
 */
public final class AtlanContractServer implements AutoCloseable {

  /** A stored asset. */
  public static final class Stored {
    public final String guid;
    public final String typeName;
    public volatile String status = "ACTIVE";
    public volatile JsonNode entity;

    Stored(String guid, String typeName, JsonNode entity) {
      this.guid = guid;
      this.typeName = typeName;
      this.entity = entity;
    }
  }

  /** A fault to answer one upcoming request with, instead of processing it. */
  record Fault(int status, String retryAfter) {}

  private final AtlasTypeSystem types;
  private final List<AtlasTypeSystem.Violation> dropped = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final HttpServer server;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String expectedToken;
  private final Map<String, Stored> byQn = new ConcurrentHashMap<>();
  private final Map<String, Stored> byGuid = new ConcurrentHashMap<>();
  private final Map<String, Integer> acceptedWrites = new ConcurrentHashMap<>();
  private final List<String> softDeleted = new ArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final Map<Integer, Fault> faultsAtPost = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> resetsAtPost = new ConcurrentHashMap<>();
  private final Map<String, int[]> contentFaults = new LinkedHashMap<>();
  private static final String TYPEDEF_PATH = "/api/meta/types/typedef/name/";
  private static final String INDEX_SEARCH_PATH = "/api/meta/search/indexsearch";
  private static final ThreadLocal<Boolean> CUT_ANSWER = ThreadLocal.withInitial(() -> false);
  private final List<Long> postTimes = new ArrayList<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger searches = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicInteger postsInProgress = new AtomicInteger();
  private final AtomicInteger maxPostsInProgress = new AtomicInteger();
  private volatile long serviceMillis;
  private volatile long latencyMillis;
  private final java.util.concurrent.ExecutorService handlers =
      java.util.concurrent.Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "atlan-contract-server");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger rejected = new AtomicInteger();
  private volatile String badRequest;

  /** A tenant with the bundled (current) type system. */
  public AtlanContractServer(String expectedToken) throws IOException {
    this(expectedToken, AtlasTypeSystem.bundled());
  }

  /** A tenant with this type system (e.g. an older one, {@link AtlasTypeSystem#without}). */
  public AtlanContractServer(String expectedToken, AtlasTypeSystem types) throws IOException {
    this.expectedToken = expectedToken;
    this.types = types;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/meta/", this::handle);
    // Atlan serves requests concurrently; so does its stand-in.
    server.setExecutor(handlers);
    server.start();
  }

  /**
   * How long each bulk upsert takes before it is answered: Atlan's bulk endpoint with relationships
   * takes hundreds of milliseconds per batch.
   */
  public void serviceTime(java.time.Duration perBulkRequest) {
    this.serviceMillis = perBulkRequest.toMillis();
  }

  /**
   * The network between the worker and the tenant, as time added to every request (a SaaS worker
   * reaching a tenant in another region: ~25 ms each way).
   */
  public void latency(java.time.Duration roundTrip) {
    this.latencyMillis = roundTrip.toMillis();
  }

  /** Index searches answered. */
  public int searches() {
    return searches.get();
  }

  /** Lookups by unique attribute answered. */
  public int lookups() {
    return lookups.get();
  }

  /** Bulk deletes answered. */
  public int deletes() {
    return deletes.get();
  }

  /** The most bulk upserts this server was working on at the same time. */
  public int maxConcurrentPosts() {
    return maxPostsInProgress.get();
  }

  /** What Atlas would have silently dropped of what it was sent: attributes its types lack. */
  public synchronized List<AtlasTypeSystem.Violation> dropped() {
    return List.copyOf(dropped);
  }

  /** Error bodies of the requests refused for their content (not injected faults), in order. */
  public synchronized List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Every stored asset of a type. */
  public List<Stored> assets(String typeName) {
    return byQn.values().stream().filter(s -> s.typeName.equals(typeName)).toList();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next {@code times} requests (of any kind) with {@code status}. */
  public synchronized void failNext(int times, int status, String retryAfter) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(status, retryAfter));
    }
  }

  /** Answers the {@code n}-th bulk POST (1-based, counting retries) with {@code status}. */
  public void failPost(int n, int status, String retryAfter) {
    faultsAtPost.put(n, new Fault(status, retryAfter));
  }

  /**
   * Answers the next {@code times} bulk POSTs whose body contains {@code text} (e.g. one asset's
   * qualifiedName) with {@code status}: a fault that follows one batch whatever order batches
   * arrive in.
   */
  public synchronized void failPostsContaining(String text, int times, int status) {
    contentFaults.put(text, new int[] {times, status});
  }

  private synchronized Fault contentFault(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    for (var e : contentFaults.entrySet()) {
      if (e.getValue()[0] > 0 && text.contains(e.getKey())) {
        e.getValue()[0]--;
        return new Fault(e.getValue()[1], null);
      }
    }
    return null;
  }

  /**
   * Cuts the connection in the middle of the answer to the {@code n}-th bulk POST: before the batch
   * is applied, or after it (the write happened, the client never hears so and sends it again).
   */
  public void resetPost(int n, boolean afterApplying) {
    resetsAtPost.put(n, afterApplying);
  }

  /** Assets in the catalog, each qualifiedName once. */
  public int storedCount() {
    return byQn.size();
  }

  /** Stores an asset as if an earlier publish had written it; not counted as a write. */
  public void seed(String typeName, String qualifiedName) {
    Stored s =
        new Stored(
            UUID.randomUUID().toString(),
            typeName,
            mapper
                .createObjectNode()
                .set("attributes", mapper.createObjectNode().put("qualifiedName", qualifiedName)));
    byQn.put(qualifiedName, s);
    byGuid.put(s.guid, s);
  }

  public Map<String, Integer> acceptedWrites() {
    return Map.copyOf(acceptedWrites);
  }

  public synchronized List<String> softDeleted() {
    return List.copyOf(softDeleted);
  }

  public Stored asset(String qualifiedName) {
    return byQn.get(qualifiedName);
  }

  public int posts() {
    return posts.get();
  }

  public int rejected() {
    return rejected.get();
  }

  /** When each bulk POST arrived (System.nanoTime), retries included. */
  public synchronized List<Long> postTimes() {
    return List.copyOf(postTimes);
  }

  /** The first malformed request seen (bad auth, unresolvable reference…), or null. */
  public String badRequest() {
    return badRequest;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (latencyMillis > 0) {
        try {
          Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + expectedToken).equals(auth)) {
        respond(
            ex,
            401,
            null,
            "{\"errorCode\":\"ATLAN-JAVA-401-000\",\"errorMessage\":\"unauthorized\"}");
        return;
      }
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      boolean bulkPost = method.equals("POST") && path.equals("/api/meta/entity/bulk");
      Fault fault;
      synchronized (this) {
        fault = faults.poll();
      }
      Boolean reset = null;
      byte[] bulkBody = null;
      if (bulkPost) {
        synchronized (this) {
          postTimes.add(System.nanoTime());
        }
        int n = posts.incrementAndGet();
        if (fault == null) {
          fault = faultsAtPost.remove(n);
        }
        bulkBody = ex.getRequestBody().readAllBytes();
        if (fault == null) {
          fault = contentFault(bulkBody);
        }
        reset = resetsAtPost.remove(n);
      }
      if (reset != null) {
        rejected.incrementAndGet();
        if (!reset) {
          cut(ex);
          return;
        }
        CUT_ANSWER.set(true);
        try {
          upsert(ex, bulkBody);
        } finally {
          CUT_ANSWER.set(false);
        }
        return;
      }
      if (fault != null) {
        rejected.incrementAndGet();
        respond(ex, fault.status(), fault.retryAfter(), "{\"errorMessage\":\"injected fault\"}");
        return;
      }
      if (bulkPost) {
        upsert(ex, bulkBody);
      } else if (method.equals("GET") && path.startsWith(TYPEDEF_PATH)) {
        typedef(ex, path.substring(TYPEDEF_PATH.length()));
      } else if (method.equals("GET")
          && path.startsWith("/api/meta/entity/uniqueAttribute/type/")) {
        lookup(ex, path.substring("/api/meta/entity/uniqueAttribute/type/".length()));
      } else if (method.equals("POST") && path.equals(INDEX_SEARCH_PATH)) {
        search(ex);
      } else if (method.equals("DELETE") && path.equals("/api/meta/entity/bulk")) {
        delete(ex);
      } else {
        respond(ex, 404, null, "{}");
      }
    }
  }

  private void typedef(HttpExchange ex, String name) throws IOException {
    JsonNode def = types.typedef(URLDecoder.decode(name, StandardCharsets.UTF_8));
    if (def == null) {
      respond(ex, 404, null, error("ATLAS-404-00-001", "Given typename " + name + " was invalid"));
      return;
    }
    respond(ex, 200, null, mapper.writeValueAsString(def));
  }

  private void upsert(HttpExchange ex, byte[] raw) throws IOException {
    JsonNode body = mapper.readTree(raw);
    int now = postsInProgress.incrementAndGet();
    maxPostsInProgress.accumulateAndGet(now, Math::max);
    try {
      if (serviceMillis > 0) {
        Thread.sleep(serviceMillis);
      }
      // One transaction at a time: what a request references is checked against a stable store.
      synchronized (this) {
        applyUpsert(ex, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      postsInProgress.decrementAndGet();
    }
  }

  /**
   * Index search, the subset the sink uses: a bool filter of {@code terms} on {@code qualifiedName}
   * and {@code term} on {@code __state}, paged with {@code from}/{@code size}, hits in a stable
   * order; answered as Atlan does, {@code approximateCount} and {@code entities} headers.
   */
  private void search(HttpExchange ex) throws IOException {
    searches.incrementAndGet();
    JsonNode body = mapper.readTree(ex.getRequestBody());
    JsonNode dsl = body.path("dsl");
    java.util.Set<String> qns = null;
    String state = null;
    for (JsonNode f : dsl.path("query").path("bool").path("filter")) {
      if (f.has("terms")) {
        qns = new java.util.HashSet<>();
        for (JsonNode q : f.path("terms").path("qualifiedName")) {
          qns.add(q.asText());
        }
      } else if (f.path("term").has("__state")) {
        state = f.path("term").path("__state").asText();
      }
    }
    if (qns == null) {
      reject(ex, "this stand-in answers searches by terms on qualifiedName only");
      return;
    }
    List<Stored> hits = new ArrayList<>();
    synchronized (this) {
      for (String qn : new java.util.TreeSet<>(qns)) {
        Stored s = byQn.get(qn);
        if (s != null && (state == null || s.status.equals(state))) {
          hits.add(s);
        }
      }
    }
    int from = dsl.path("from").asInt(0);
    int size = dsl.path("size").asInt(10);
    ObjectNode response = mapper.createObjectNode();
    response.put("queryType", "INDEX");
    response.put("approximateCount", hits.size());
    ArrayNode entities = response.putArray("entities");
    for (Stored s : hits.subList(Math.min(from, hits.size()), Math.min(from + size, hits.size()))) {
      entities.add(header(s, s.entity.path("attributes").path("qualifiedName").asText()));
    }
    respond(ex, 200, null, mapper.writeValueAsString(response));
  }

  private void applyUpsert(HttpExchange ex, JsonNode body) throws IOException {
    JsonNode entities = body.path("entities");
    Map<String, JsonNode> inRequest = new LinkedHashMap<>();
    for (JsonNode e : entities) {
      inRequest.put(e.path("attributes").path("qualifiedName").asText(), e);
    }
    // Validate everything first: a rejected request changes nothing.
    List<AtlasTypeSystem.Violation> drops = new ArrayList<>();
    for (JsonNode e : entities) {
      String qn = e.path("attributes").path("qualifiedName").asText("");
      String type = e.path("typeName").asText("");
      if (!types.hasEntityType(type)) {
        refuse(
            ex,
            400,
            error("ATLAS-400-00-014", "Type ENTITY with name " + type + " does not exist"));
        return;
      }
      if (qn.isEmpty()) {
        refuse(
            ex,
            404,
            error(
                "ATLAS-404-00-007",
                "Invalid instance creation/updation parameters passed : "
                    + type
                    + ".qualifiedName: mandatory attribute value missing in type "
                    + type));
        return;
      }
      for (AtlasTypeSystem.Violation v : types.validate(e)) {
        if (v.kind() == AtlasTypeSystem.Violation.Kind.REFUSED) {
          // Atlas formats only the first message into the error.
          refuse(
              ex,
              404,
              error(
                  "ATLAS-404-00-007",
                  "Invalid instance creation/updation parameters passed : " + v.detail()));
          return;
        }
        drops.add(v);
      }
      for (String target : AtlasTypeSystem.references(e)) {
        Stored stored = byQn.get(target);
        boolean present =
            (stored != null && stored.status.equals("ACTIVE")) || inRequest.containsKey(target);
        if (!present) {
          refuse(
              ex,
              404,
              error(
                  "ATLAS-404-00-00A",
                  "Referenced entity AtlasObjectId{uniqueAttributes={qualifiedName="
                      + target
                      + "}} is not found"));
          return;
        }
      }
    }
    synchronized (this) {
      dropped.addAll(drops);
    }
    ObjectNode response = mapper.createObjectNode();
    ObjectNode mutated = response.putObject("mutatedEntities");
    ArrayNode created = mapper.createArrayNode();
    ArrayNode updated = mapper.createArrayNode();
    response.putObject("guidAssignments");
    for (Map.Entry<String, JsonNode> e : inRequest.entrySet()) {
      String qn = e.getKey();
      String typeName = e.getValue().path("typeName").asText();
      Stored existing = byQn.get(qn);
      Stored s;
      if (existing == null) {
        s = new Stored(UUID.randomUUID().toString(), typeName, e.getValue());
        byQn.put(qn, s);
        byGuid.put(s.guid, s);
        created.add(header(s, qn));
      } else {
        existing.entity = e.getValue();
        existing.status = "ACTIVE";
        s = existing;
        updated.add(header(s, qn));
      }
      acceptedWrites.merge(qn, 1, Integer::sum);
    }
    if (!created.isEmpty()) {
      mutated.set("CREATE", created);
    }
    if (!updated.isEmpty()) {
      mutated.set("UPDATE", updated);
    }
    respond(ex, 200, null, mapper.writeValueAsString(response));
  }

  private void lookup(HttpExchange ex, String typeName) throws IOException {
    lookups.incrementAndGet();
    String qn = query(ex).getOrDefault("attr:qualifiedName", List.of("")).get(0);
    Stored s = byQn.get(qn);
    if (!types.hasEntityType(typeName)) {
      respond(
          ex,
          400,
          null,
          error("ATLAS-400-00-014", "Type ENTITY with name " + typeName + " does not exist"));
      return;
    }
    if (s == null || !s.typeName.equals(typeName)) {
      respond(
          ex,
          404,
          null,
          error(
              "ATLAS-404-00-009",
              "Instance "
                  + typeName
                  + " with unique attribute {qualifiedName="
                  + qn
                  + "} does not exist"));
      return;
    }
    ObjectNode response = mapper.createObjectNode();
    response.set("entity", header(s, qn));
    respond(ex, 200, null, mapper.writeValueAsString(response));
  }

  private void delete(HttpExchange ex) throws IOException {
    deletes.incrementAndGet();
    Map<String, List<String>> q = query(ex);
    if (!List.of("SOFT").equals(q.get("deleteType"))) {
      reject(ex, "expected deleteType=SOFT, got " + q.get("deleteType"));
      return;
    }
    ObjectNode response = mapper.createObjectNode();
    ArrayNode deleted = response.putObject("mutatedEntities").putArray("DELETE");
    for (String guid : q.getOrDefault("guid", List.of())) {
      Stored s = byGuid.get(guid);
      if (s != null && s.status.equals("ACTIVE")) {
        s.status = "DELETED";
        String qn = s.entity.path("attributes").path("qualifiedName").asText();
        synchronized (this) {
          softDeleted.add(qn);
        }
        deleted.add(header(s, qn));
      }
    }
    respond(ex, 200, null, mapper.writeValueAsString(response));
  }

  private ObjectNode header(Stored s, String qn) {
    ObjectNode h = mapper.createObjectNode();
    h.put("typeName", s.typeName);
    h.put("guid", s.guid);
    h.put("status", s.status);
    h.putObject("attributes").put("qualifiedName", qn);
    return h;
  }

  private void reject(HttpExchange ex, String why) throws IOException {
    refuse(ex, 400, error("ATLAS-400-00-01A", "invalid parameters: " + why));
  }

  private void refuse(HttpExchange ex, int status, String body) throws IOException {
    synchronized (this) {
      refusals.add(body);
    }
    if (badRequest == null) {
      badRequest = body;
    }
    rejected.incrementAndGet();
    respond(ex, status, null, body);
  }

  /** Atlas's error body ({@code AtlasBaseExceptionMapper}): errorCode and errorMessage. */
  private String error(String code, String message) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("errorCode", code);
    body.put("errorMessage", message);
    return mapper.writeValueAsString(body);
  }

  private static Map<String, List<String>> query(HttpExchange ex) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  /** Thrown out of the handler: the JDK server then closes the connection without an answer. */
  private static void cut(HttpExchange ex) {
    throw new IllegalStateException("injected connection reset");
  }

  private static void respond(HttpExchange ex, int status, String retryAfter, String body)
      throws IOException {
    if (CUT_ANSWER.get()) {
      cut(ex);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    if (retryAfter != null) {
      ex.getResponseHeaders().add("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
