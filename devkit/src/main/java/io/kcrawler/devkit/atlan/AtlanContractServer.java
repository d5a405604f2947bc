package io.kcrawler.devkit.atlan;

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
import java.util.ArrayList;
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
 * upcoming request; every accepted write is counted per qualifiedName. The HTTP plumbing is the
 * {@link ContractServer} kit's.
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

  /** Atlas's error body ({@code AtlasBaseExceptionMapper}): errorCode and errorMessage. */
  private static final ErrorShape ERRORS =
      new ErrorShape("errorCode", "errorMessage", "application/json");

  private static final String BULK_PATH = "/api/meta/entity/bulk";
  private static final String TYPEDEF_PATH = "/api/meta/types/typedef/name/";
  private static final String UNIQUE_ATTRIBUTE_PATH = "/api/meta/entity/uniqueAttribute/type/";
  private static final String INDEX_SEARCH_PATH = "/api/meta/search/indexsearch";
  private static final List<String> BULK_SEGMENTS = List.of(BULK_PATH.substring(1).split("/"));
  private static final Response NOT_FOUND = Response.json(404, "{}");

  private final AtlasTypeSystem types;
  private final List<AtlasTypeSystem.Violation> dropped = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final ContractServer server;
  private final ObjectMapper mapper = new ObjectMapper();
  private final String expectedToken;
  private final Map<String, Stored> byQn = new ConcurrentHashMap<>();
  private final Map<String, Stored> byGuid = new ConcurrentHashMap<>();
  private final Map<String, Integer> acceptedWrites = new ConcurrentHashMap<>();
  private final List<String> softDeleted = new ArrayList<>();
  private final Faults faults = new Faults();
  private final Map<Integer, Response> faultsAtPost = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> resetsAtPost = new ConcurrentHashMap<>();
  private final Map<String, int[]> contentFaults = new LinkedHashMap<>();
  private final List<Long> postTimes = new ArrayList<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger searches = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicInteger postsInProgress = new AtomicInteger();
  private final AtomicInteger maxPostsInProgress = new AtomicInteger();
  private volatile long serviceMillis;
  private final Routes routes =
      new Routes(NOT_FOUND, NOT_FOUND)
          .on("POST", BULK_PATH, (r, p) -> upsert(r.body()))
          .on("GET", TYPEDEF_PATH + "{name}", (r, p) -> typedef(p.get("name")))
          .on("GET", UNIQUE_ATTRIBUTE_PATH + "{type}", (r, p) -> lookup(r, p.get("type")))
          .on("POST", INDEX_SEARCH_PATH, (r, p) -> search(r))
          .on("DELETE", BULK_PATH, (r, p) -> delete(r));
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
    // Atlan serves requests concurrently; so does its stand-in. It counts what it needs itself.
    server =
        ContractServer.builder("atlan-contract-server")
            .threads(16)
            .recordRequests(false)
            .start(this::handle);
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
    server.latency(roundTrip);
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
    return server.url();
  }

  /** Answers the next {@code times} requests (of any kind) with {@code status}. */
  public void failNext(int times, int status, String retryAfter) {
    faults.add().arm(times, injected(status, retryAfter));
  }

  /** Answers the {@code n}-th bulk POST (1-based, counting retries) with {@code status}. */
  public void failPost(int n, int status, String retryAfter) {
    faultsAtPost.put(n, injected(status, retryAfter));
  }

  /**
   * Answers the next {@code times} bulk POSTs whose body contains {@code text} (e.g. one asset's
   * qualifiedName) with {@code status}: a fault that follows one batch whatever order batches
   * arrive in.
   */
  public synchronized void failPostsContaining(String text, int times, int status) {
    contentFaults.put(text, new int[] {times, status});
  }

  private synchronized Response contentFault(String text) {
    for (var e : contentFaults.entrySet()) {
      if (e.getValue()[0] > 0 && text.contains(e.getKey())) {
        e.getValue()[0]--;
        return injected(e.getValue()[1], null);
      }
    }
    return null;
  }

  private static Response injected(int status, String retryAfter) {
    Response fault = Response.json(status, "{\"errorMessage\":\"injected fault\"}");
    return retryAfter == null ? fault : fault.withHeader("Retry-After", retryAfter);
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

  private Response handle(Request r) throws IOException {
    try {
      return answer(r);
    } catch (RuntimeException e) {
      // As before the kit: an unexpected failure drops the connection rather than answering 500.
      throw new IOException(e);
    }
  }

  private Response answer(Request r) throws IOException {
    if (!("Bearer " + expectedToken).equals(r.header("Authorization"))) {
      return ERRORS.answer(401, "ATLAN-JAVA-401-000", "unauthorized");
    }
    Response fault = faults.next();
    if (r.method().equals("POST") && r.segments().equals(BULK_SEGMENTS)) {
      synchronized (this) {
        postTimes.add(System.nanoTime());
      }
      int n = posts.incrementAndGet();
      if (fault == null) {
        fault = faultsAtPost.remove(n);
      }
      if (fault == null) {
        fault = contentFault(r.body());
      }
      Boolean reset = resetsAtPost.remove(n);
      if (reset != null) {
        rejected.incrementAndGet();
        if (reset) {
          upsert(r.body()); // the write happens; its answer is lost with the connection
        }
        // Thrown out of the handler: the connection closes without an answer.
        throw new IOException("injected connection reset");
      }
    }
    if (fault != null) {
      rejected.incrementAndGet();
      return fault;
    }
    return routes.handle(r);
  }

  private Response typedef(String name) throws IOException {
    JsonNode def = types.typedef(name);
    if (def == null) {
      return ERRORS.answer(404, "ATLAS-404-00-001", "Given typename " + name + " was invalid");
    }
    return ok(def);
  }

  private Response upsert(String raw) throws IOException {
    JsonNode body = mapper.readTree(raw);
    int now = postsInProgress.incrementAndGet();
    maxPostsInProgress.accumulateAndGet(now, Math::max);
    try {
      if (serviceMillis > 0) {
        Thread.sleep(serviceMillis);
      }
      // One transaction at a time: what a request references is checked against a stable store.
      synchronized (this) {
        return applyUpsert(body);
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
  private Response search(Request r) throws IOException {
    searches.incrementAndGet();
    JsonNode body = mapper.readTree(r.body());
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
      return reject("this stand-in answers searches by terms on qualifiedName only");
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
    return ok(response);
  }

  private Response applyUpsert(JsonNode body) throws IOException {
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
        return refuse(
            400,
            ERRORS.body("ATLAS-400-00-014", "Type ENTITY with name " + type + " does not exist"));
      }
      if (qn.isEmpty()) {
        return refuse(
            404,
            ERRORS.body(
                "ATLAS-404-00-007",
                "Invalid instance creation/updation parameters passed : "
                    + type
                    + ".qualifiedName: mandatory attribute value missing in type "
                    + type));
      }
      for (AtlasTypeSystem.Violation v : types.validate(e)) {
        if (v.kind() == AtlasTypeSystem.Violation.Kind.REFUSED) {
          // Atlas formats only the first message into the error.
          return refuse(
              404,
              ERRORS.body(
                  "ATLAS-404-00-007",
                  "Invalid instance creation/updation parameters passed : " + v.detail()));
        }
        drops.add(v);
      }
      for (String target : AtlasTypeSystem.references(e)) {
        Stored stored = byQn.get(target);
        boolean present =
            (stored != null && stored.status.equals("ACTIVE")) || inRequest.containsKey(target);
        if (!present) {
          return refuse(
              404,
              ERRORS.body(
                  "ATLAS-404-00-00A",
                  "Referenced entity AtlasObjectId{uniqueAttributes={qualifiedName="
                      + target
                      + "}} is not found"));
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
    return ok(response);
  }

  private Response lookup(Request r, String typeName) throws IOException {
    lookups.incrementAndGet();
    String qn = r.params().getOrDefault("attr:qualifiedName", List.of("")).get(0);
    Stored s = byQn.get(qn);
    if (!types.hasEntityType(typeName)) {
      return ERRORS.answer(
          400, "ATLAS-400-00-014", "Type ENTITY with name " + typeName + " does not exist");
    }
    if (s == null || !s.typeName.equals(typeName)) {
      return ERRORS.answer(
          404,
          "ATLAS-404-00-009",
          "Instance "
              + typeName
              + " with unique attribute {qualifiedName="
              + qn
              + "} does not exist");
    }
    ObjectNode response = mapper.createObjectNode();
    response.set("entity", header(s, qn));
    return ok(response);
  }

  private Response delete(Request r) throws IOException {
    deletes.incrementAndGet();
    Map<String, List<String>> q = r.params();
    if (!List.of("SOFT").equals(q.get("deleteType"))) {
      return reject("expected deleteType=SOFT, got " + q.get("deleteType"));
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
    return ok(response);
  }

  private ObjectNode header(Stored s, String qn) {
    ObjectNode h = mapper.createObjectNode();
    h.put("typeName", s.typeName);
    h.put("guid", s.guid);
    h.put("status", s.status);
    h.putObject("attributes").put("qualifiedName", qn);
    return h;
  }

  private Response reject(String why) {
    return refuse(400, ERRORS.body("ATLAS-400-00-01A", "invalid parameters: " + why));
  }

  private Response refuse(int status, String body) {
    synchronized (this) {
      refusals.add(body);
    }
    if (badRequest == null) {
      badRequest = body;
    }
    rejected.incrementAndGet();
    return Response.json(status, body);
  }

  private Response ok(JsonNode body) throws IOException {
    return Response.json(200, mapper.writeValueAsString(body));
  }

  @Override
  public void close() {
    server.close();
  }
}
