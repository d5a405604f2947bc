package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.activities.boundary.HttpRetries;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to Atlan's entity API, the endpoints atlan-java uses: upserts with {@code POST
 * /api/meta/entity/bulk} (entities matched by typeName + qualifiedName, so a re-sent batch updates
 * instead of duplicating; several batches at once, see {@link #withMaxInFlight}), archives with
 * {@code DELETE /api/meta/entity/bulk?deleteType=SOFT&guid=…} after finding the GUIDs in bulk with
 * {@code POST /api/meta/search/indexsearch}; reads typedefs and looks the Connection up by unique
 * attribute before publishing. 429 and 5xx (and I/O errors) are retried with exponential backoff
 * and jitter; a 429's {@code Retry-After} pauses every request of the sink; the Bearer token goes
 * only into the Authorization header, never into logs or messages.
 */
public final class AtlanApiSink implements CatalogSink {
  private static final Logger log = LoggerFactory.getLogger(AtlanApiSink.class);

  static final String BULK_PATH = "/api/meta/entity/bulk";
  static final String UNIQUE_ATTRIBUTE_PATH = "/api/meta/entity/uniqueAttribute/type/";
  static final String TYPEDEF_PATH = "/api/meta/types/typedef/name/";
  static final String INDEX_SEARCH_PATH = "/api/meta/search/indexsearch";

  /** Typedef reads in flight at once before a publish: the model's types and supertypes, 13. */
  static final int TYPEDEF_READS_AT_ONCE = 16;

  /** Hits per index search page: one archive batch's assets fit one page. */
  static final int SEARCH_PAGE_SIZE = BatchPipeline.ARCHIVE_BATCH_SIZE;

  /**
   * One request may take this long. The activity cannot heartbeat during a blocking request, so the
   * publish activity's heartbeat timeout must exceed this (waits between requests heartbeat).
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** At most this much of an error body goes into a failure message. */
  private static final int ERROR_BODY_CHARS = 300;

  /**
   * How often and how long to retry 429/5xx: {@code maxAttempts} per request, exponential backoff
   * from {@code initialBackoff} capped at {@code maxBackoff}; a Retry-After is honoured up to
   * {@code maxRetryAfter} so one answer cannot park the publish for long (waits heartbeat).
   */
  public record RetryPolicy(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT =
        new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public RetryPolicy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  private final URI baseUrl;
  private final String authorization;
  private final RetryPolicy retry;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final Runnable keepAlive;
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong updated = new AtomicLong();
  private final AtomicLong archived = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong searches = new AtomicLong();

  /**
   * Until when (System.nanoTime) every request waits: a 429's Retry-After is the tenant's word for
   * all of this sink's requests, so batches in flight slow down together, once.
   */
  private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());

  private int maxInFlight = 1;

  /**
   * @param token the API token's value, resolved by the caller from a credential reference
   * @param keepAlive called while waiting to retry, to heartbeat the activity
   */
  public AtlanApiSink(
      String baseUrl, String token, RetryPolicy retry, ObjectMapper mapper, Runnable keepAlive) {
    this(
        baseUrl,
        token,
        retry,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(),
        mapper,
        keepAlive);
  }

  AtlanApiSink(
      String baseUrl,
      String token,
      RetryPolicy retry,
      HttpClient http,
      ObjectMapper mapper,
      Runnable keepAlive) {
    this.keepAlive = keepAlive;
    this.baseUrl =
        URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.authorization = "Bearer " + token;
    this.retry = retry;
    this.http = http;
    this.mapper = mapper;
  }

  /** Up to this many upsert batches at once (calls to {@link #upsert} from as many threads). */
  public AtlanApiSink withMaxInFlight(int batches) {
    this.maxInFlight = batches;
    return this;
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public boolean incremental() {
    return true;
  }

  @Override
  public int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public void upsert(List<AtlanEntity> batch) throws IOException {
    byte[] body = mapper.writeValueAsBytes(Map.of("entities", batch));
    HttpRequest request =
        base(BULK_PATH).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    JsonNode response = send(request, "upsert of " + batch.size() + " assets", false);
    JsonNode mutated = response == null ? null : response.path("mutatedEntities");
    if (mutated != null) {
      created.addAndGet(mutated.path("CREATE").size());
      updated.addAndGet(mutated.path("UPDATE").size() + mutated.path("PARTIAL_UPDATE").size());
    }
  }

  /**
   * Reads the tenant's typedef of each type and of their supertypes (where inherited attributes
   * such as {@code name} or {@code description} live), all at once: on a WAN the round trips, not
   * the answers, are the cost. A type answered with 404 is one the tenant lacks; a supertype not
   * foreseen in {@link AtlanModel#SUPERTYPES} is read when met.
   */
  @Override
  public TenantTypes tenantTypes(Collection<String> typeNames) throws IOException {
    Map<String, JsonNode> defs = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> wave = new ArrayList<>(typeNames);
    AtlanModel.SUPERTYPES.stream().filter(t -> !wave.contains(t)).forEach(wave::add);
    readTypedefs(wave, defs);
    Map<String, TenantTypes.TypeInfo> types = new LinkedHashMap<>();
    for (String type : typeNames) {
      if (typedef(type, defs) != null) {
        Set<String> attributes = new LinkedHashSet<>();
        Set<String> relationships = new LinkedHashSet<>();
        collect(type, defs, attributes, relationships);
        types.put(type, new TenantTypes.TypeInfo(attributes, relationships));
      }
    }
    return TenantTypes.of(types);
  }

  /** Reads these typedefs side by side into {@code defs} (a missing one as a null node). */
  private void readTypedefs(List<String> names, Map<String, JsonNode> defs) throws IOException {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(names.size(), TYPEDEF_READS_AT_ONCE),
            r -> {
              Thread t = new Thread(r, "kcrawler-atlan-typedefs");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<JsonNode>> reads = new ArrayList<>();
      for (String name : names) {
        reads.add(pool.submit(() -> readTypedef(name)));
      }
      for (int i = 0; i < names.size(); i++) {
        JsonNode def = reads.get(i).get();
        defs.put(names.get(i), def == null ? mapper.nullNode() : def);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      // The failure as send() classified it (401, 403, retries exhausted …), not a wrapper.
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading typedefs", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode readTypedef(String type) throws IOException {
    String path = TYPEDEF_PATH + URLEncoder.encode(type, StandardCharsets.UTF_8);
    return send(base(path).GET().build(), "typedef lookup of " + type, true);
  }

  /** A typedef read in the first round, or read now; null when the tenant has no such type. */
  private JsonNode typedef(String type, Map<String, JsonNode> cache) throws IOException {
    if (!cache.containsKey(type)) {
      JsonNode def = readTypedef(type);
      cache.put(type, def == null ? mapper.nullNode() : def);
    }
    JsonNode def = cache.get(type);
    return def.isNull() ? null : def;
  }

  private void collect(
      String type, Map<String, JsonNode> cache, Set<String> attributes, Set<String> relationships)
      throws IOException {
    JsonNode def = typedef(type, cache);
    if (def == null) {
      return;
    }
    for (JsonNode superType : def.path("superTypes")) {
      collect(superType.asText(), cache, attributes, relationships);
    }
    def.path("attributeDefs").forEach(a -> attributes.add(a.path("name").asText()));
    def.path("relationshipAttributeDefs").forEach(a -> relationships.add(a.path("name").asText()));
  }

  /**
   * Makes sure the connection exists: looked up by qualifiedName; when absent, created, unless it
   * was named by the request or the worker (then it must exist already and its absence is an error,
   * not something to paper over with a new connection).
   */
  @Override
  public void ensureConnection(AtlanEntity connection, boolean mustExist) throws IOException {
    if (find(connection.typeName(), connection.qualifiedName()) != null) {
      return;
    }
    if (mustExist) {
      throw new CatalogPublishException(
          CatalogPublishException.Kind.SETTINGS,
          "Atlan has no Connection "
              + connection.qualifiedName()
              + " (the connection qualifiedName this crawl was told to publish under); create it"
              + " in Atlan or name an existing one");
    }
    if (!hasAdmin(connection)) {
      throw new CatalogPublishException(
          CatalogPublishException.Kind.SETTINGS,
          "Atlan has no Connection "
              + connection.qualifiedName()
              + " and refuses to create one without an admin: set"
              + " KCRAWLER_ATLAN_CONNECTION_ADMIN_USERS, _GROUPS or _ROLES on the worker, or name an"
              + " existing connection (atlanConnectionQualifiedName)");
    }
    upsert(List.of(connection));
    log.info("created Atlan connection {}", connection.qualifiedName());
  }

  private static boolean hasAdmin(AtlanEntity connection) {
    for (AtlanModel.Attribute admins :
        List.of(
            AtlanModel.Connection.ADMIN_USERS,
            AtlanModel.Connection.ADMIN_GROUPS,
            AtlanModel.Connection.ADMIN_ROLES)) {
      if (connection.attributes().get(admins.name()) instanceof Collection<?> c && !c.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The stored entity's header ({@code guid}, {@code status}), or null when there is none. */
  private JsonNode find(String typeName, String qualifiedName) throws IOException {
    String path =
        UNIQUE_ATTRIBUTE_PATH
            + URLEncoder.encode(typeName, StandardCharsets.UTF_8)
            + "?attr:qualifiedName="
            + URLEncoder.encode(qualifiedName, StandardCharsets.UTF_8)
            + "&minExtInfo=true&ignoreRelationships=true";
    JsonNode found = send(base(path).GET().build(), "lookup of " + typeName, true);
    return found == null ? null : found.path("entity");
  }

  /**
   * Finds the GUIDs of the batch's assets with index searches ({@code terms} on {@code
   * qualifiedName}, active ones only, paged) instead of one lookup each, then soft-deletes them all
   * with one {@code DELETE}. Assets not found were never published or are archived already.
   */
  @Override
  public void archive(List<StaleAsset> batch) throws IOException {
    Map<String, String> typeOf = new HashMap<>();
    batch.forEach(s -> typeOf.put(s.qualifiedName(), s.typeName()));
    List<String> guids = new ArrayList<>();
    for (int from = 0; ; from += SEARCH_PAGE_SIZE) {
      JsonNode page = send(searchActive(typeOf.keySet(), from), "search of stale assets", false);
      searches.incrementAndGet();
      JsonNode entities = page.path("entities");
      for (JsonNode e : entities) {
        String qn = e.path("attributes").path("qualifiedName").asText();
        if (e.path("typeName").asText().equals(typeOf.get(qn))) {
          guids.add(e.path("guid").asText());
        }
      }
      long total = page.path("approximateCount").asLong(Long.MAX_VALUE);
      if (entities.size() < SEARCH_PAGE_SIZE || from + SEARCH_PAGE_SIZE >= total) {
        break;
      }
    }
    if (guids.isEmpty()) {
      return;
    }
    StringBuilder path = new StringBuilder(BULK_PATH).append("?deleteType=SOFT");
    guids.forEach(g -> path.append("&guid=").append(URLEncoder.encode(g, StandardCharsets.UTF_8)));
    JsonNode response =
        send(
            base(path.toString()).DELETE().build(), "archive of " + guids.size() + " assets", true);
    archived.addAndGet(
        response == null ? 0 : response.path("mutatedEntities").path("DELETE").size());
  }

  /** An index search for the active assets with these qualifiedNames, one page of them. */
  private HttpRequest searchActive(Collection<String> qualifiedNames, int from) throws IOException {
    Map<String, Object> filter =
        Map.of(
            "bool",
            Map.of(
                "filter",
                List.of(
                    Map.of("terms", Map.of("qualifiedName", List.copyOf(qualifiedNames))),
                    // Atlan's index field of Referenceable.status.
                    Map.of("term", Map.of("__state", "ACTIVE")))));
    Map<String, Object> dsl = new LinkedHashMap<>();
    dsl.put("from", from);
    dsl.put("size", SEARCH_PAGE_SIZE);
    dsl.put("query", filter);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dsl", dsl);
    body.put("attributes", List.of("qualifiedName"));
    return base(INDEX_SEARCH_PATH)
        .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
        .build();
  }

  private HttpRequest.Builder base(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  /**
   * Sends with retries; returns the parsed body, or null for a 404 when {@code notFoundIsNull}.
   * Classifies the final failure once, here.
   */
  private JsonNode send(HttpRequest request, String what, boolean notFoundIsNull)
      throws IOException {
    String lastProblem = null;
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      awaitPause();
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          byte[] body = response.body();
          return body == null || body.length == 0 ? mapper.nullNode() : mapper.readTree(body);
        }
        if (status == 404 && notFoundIsNull) {
          return null;
        }
        String excerpt = excerpt(response.body());
        if (status == 401) {
          throw new CatalogPublishException(
              CatalogPublishException.Kind.AUTH,
              "Atlan rejected the API token (HTTP 401) during "
                  + what
                  + "; check the token reference");
        }
        if (status == 403) {
          throw new CatalogPublishException(
              CatalogPublishException.Kind.FORBIDDEN,
              "the Atlan API token may not " + what + " (HTTP 403): " + excerpt);
        }
        if (status != 429 && status < 500) {
          throw new CatalogPublishException(
              CatalogPublishException.Kind.REJECTED,
              "Atlan rejected the " + what + " (HTTP " + status + "): " + excerpt);
        }
        lastProblem = "HTTP " + status;
        Duration retryAfter = retryAfter(response);
        wait = backoff(attempt, retryAfter);
        if (status == 429 && retryAfter != null) {
          pauseAll(wait);
        }
      } catch (IOException e) {
        lastProblem = e.getClass().getSimpleName();
        wait = backoff(attempt, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted during " + what, e);
      }
      if (attempt >= retry.maxAttempts()) {
        throw new CatalogPublishException(
            CatalogPublishException.Kind.UNAVAILABLE,
            "Atlan did not accept the "
                + what
                + " after "
                + attempt
                + " attempts (last: "
                + lastProblem
                + "); the publish resumes at this batch when retried");
      }
      retries.incrementAndGet();
      log.warn(
          "Atlan {} failed ({}), retry {} in {} ms", what, lastProblem, attempt, wait.toMillis());
      sleep(wait);
    }
  }

  private void pauseAll(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    pausedUntil.accumulateAndGet(until, (a, b) -> a - b > 0 ? a : b);
  }

  /** Waits out a pause another request was told to take, heartbeating meanwhile. */
  private void awaitPause() throws IOException {
    long remaining = pausedUntil.get() - System.nanoTime();
    if (remaining > 0) {
      sleep(Duration.ofNanos(remaining));
    }
  }

  private Duration backoff(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : retryAfter;
    }
    long base = retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, retry.maxBackoff().toMillis());
    // Half fixed, half jitter: concurrent publishers do not retry in lockstep.
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unparseable. */
  static Duration retryAfter(HttpResponse<?> response) {
    return HttpRetries.retryAfter(response.headers()).orElse(null);
  }

  /** Waits heartbeating, so a pause longer than the heartbeat timeout keeps the attempt. */
  private void sleep(Duration d) throws IOException {
    try {
      ActivityProgress.sleep(d, keepAlive);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while backing off", e);
    }
  }

  private static String excerpt(byte[] body) {
    if (body == null) {
      return "";
    }
    String s = new String(body, StandardCharsets.UTF_8);
    return s.length() <= ERROR_BODY_CHARS ? s : s.substring(0, ERROR_BODY_CHARS) + "…";
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("atlan.created", created.get());
    counts.put("atlan.updated", updated.get());
    counts.put("atlan.archived", archived.get());
    counts.put("atlan.retries", retries.get());
    counts.put("atlan.searches", searches.get());
    return counts;
  }

  @Override
  public String location() {
    return baseUrl.toString();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "AtlanApiSink[" + baseUrl + "]"; // never the token
  }
}
