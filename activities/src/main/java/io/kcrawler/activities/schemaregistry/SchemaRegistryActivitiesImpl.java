package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.secrets.SecretResolutionException;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.activities.SchemaRegistryActivities;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.schema.SchemaReference;
import io.kcrawler.model.schema.SchemaRegistryInfo;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema phase: lists the registry's subjects and versions with the bulk {@code GET /schemas}
 * endpoint (per-subject calls only on registries that lack it), resolves references, parses every
 * schema into fields, maps subjects to the crawled topics and writes them as JSON Lines. A registry
 * that stays down fails the activity with {@link FailureType#SCHEMA_REGISTRY_UNAVAILABLE}; rejected
 * credentials fail it at once with {@link FailureType#AUTH_FAILED}.
 */
public final class SchemaRegistryActivitiesImpl implements SchemaRegistryActivities {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryActivitiesImpl.class);

  /** Newer registries cap {@code GET /schemas} pages at 1000 entries; asking for more is moot. */
  static final int SCHEMAS_PAGE_SIZE = 1000;

  /**
   * Per-subject compatibility has no bulk endpoint; a few calls at a time, under the rate limit.
   */
  static final int COMPATIBILITY_CONCURRENCY = 4;

  /**
   * Parsed subjects that may wait for their compatibility level before being written: enough to
   * keep {@link #COMPATIBILITY_CONCURRENCY} calls busy while parsing goes on, few enough to hold.
   */
  static final int COMPATIBILITY_WINDOW = 64;

  /** Heartbeat every this many subjects while parsing, so a long parse is not taken for a hang. */
  static final int HEARTBEAT_EVERY_SUBJECTS = 200;

  /** Longest warning text kept: parser messages can quote a whole schema. */
  static final int MAX_WARNING_CHARS = 300;

  private final ArtifactStore store;
  private final SecretResolver secrets;
  private final ObjectMapper mapper;
  private final SchemaRegistryClient.Settings settings;
  private final SchemaParsers parsers;
  private final SchemaRegistryClient.Connections connections =
      new SchemaRegistryClient.Connections();

  public SchemaRegistryActivitiesImpl(
      ArtifactStore store, SecretResolver secrets, ObjectMapper mapper) {
    this(store, secrets, mapper, SchemaRegistryClient.Settings.defaults());
  }

  /**
   * With client tuning (reads per second, retries, Retry-After cap): tests and the bench use it; a
   * worker runs with {@link SchemaRegistryClient.Settings#defaults()}.
   */
  public SchemaRegistryActivitiesImpl(
      ArtifactStore store,
      SecretResolver secrets,
      ObjectMapper mapper,
      SchemaRegistryClient.Settings settings) {
    this.store = store;
    this.secrets = secrets;
    this.mapper = mapper;
    this.settings = settings;
    this.parsers = new SchemaParsers(mapper);
  }

  @Override
  public PhaseResult crawlSchemas(CrawlContext context, ArtifactRef topics) {
    SchemaRegistryConfig config = context.request().schemaRegistry();
    if (config == null) {
      return PhaseResult.of(
          Phases.SCHEMAS, Map.of(), Map.of(), List.of("no Schema Registry in the request"));
    }
    SchemaRegistryClient client;
    try {
      client = SchemaRegistryClient.create(config, secrets, mapper, settings, connections);
    } catch (SecretResolutionException e) {
      // A wrong reference came back as InvalidRequestException (resolveField): this is an outage.
      throw FailureType.TRANSIENT.failure("Schema Registry credentials: " + e.getMessage());
    } catch (InvalidRequestException e) {
      throw FailureType.INVALID_INPUT.failure(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw FailureType.INVALID_INPUT.failure(e.getMessage());
    }
    try {
      Crawl crawl = new Crawl(context, config, client, crawledTopics(topics));
      client.keepingAlive(crawl::heartbeatAgain);
      return crawl.run();
    } catch (SchemaRegistryException e) {
      throw classify(config, client, e);
    } catch (IOException e) {
      throw FailureType.TRANSIENT.failure(
          "writing the schema artifacts failed: " + e.getMessage(), e);
    }
  }

  private RuntimeException classify(
      SchemaRegistryConfig config, SchemaRegistryClient client, SchemaRegistryException e) {
    log.warn(
        "schema phase failed after {} registry requests: {}",
        client.requestCount(),
        e.getMessage());
    switch (e.kind()) {
      case AUTH:
        for (String ref : new String[] {config.passwordRef(), config.tokenRef()}) {
          if (ref != null) {
            secrets.invalidate(ref);
          }
        }
        return FailureType.AUTH_FAILED.failure(
            "Schema Registry rejected the credentials (HTTP "
                + e.status()
                + ", auth "
                + config.authTypeOrDefault()
                + "): check schemaRegistry.username/passwordRef/tokenRef and the key's rights. "
                + e.getMessage());
      case UNAVAILABLE:
        return FailureType.SCHEMA_REGISTRY_UNAVAILABLE.failure(
            "Schema Registry at " + config.url() + " is unavailable: " + e.getMessage());
      case TLS:
        connections.evict(config);
        return FailureType.INVALID_INPUT.failure(
            e.getMessage()
                + ": check schemaRegistry.tls (CA certificate, client certificate and key)");
      default:
        return FailureType.INVALID_INPUT.failure(
            "Schema Registry at "
                + config.url()
                + " refused the crawl's requests (is schemaRegistry.url the registry's root?): "
                + e.getMessage());
    }
  }

  private Set<String> crawledTopics(ArtifactRef topics) {
    Set<String> names = new HashSet<>();
    if (topics == null) {
      return names;
    }
    try {
      JsonLines.forEach(store, topics.key(), TopicMetadata.class, mapper, t -> names.add(t.name()));
    } catch (IOException e) {
      throw FailureType.TRANSIENT.failure(
          "cannot read the topics artifact " + topics.key() + ": " + e.getMessage(), e);
    }
    return names;
  }

  /** One run of the phase; holds the state the steps share. */
  private final class Crawl {
    private final CrawlContext context;
    private final SchemaRegistryConfig config;
    private final SchemaRegistryClient client;
    private final SubjectTopicMapper mapper;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, RegisteredSchema> byKey = new ConcurrentHashMap<>();
    private int batches;

    Crawl(
        CrawlContext context,
        SchemaRegistryConfig config,
        SchemaRegistryClient client,
        Set<String> crawledTopics) {
      this.context = context;
      this.config = config;
      this.client = client;
      this.mapper =
          new SubjectTopicMapper(
              config, crawledTopics, SubjectTopicMapper.topicFilter(context.request()));
    }

    PhaseResult run() throws IOException {
      heartbeat(0, 0);
      String globalCompatibility = client.globalCompatibility();
      List<String> live = client.subjects(false);
      Set<String> deletedSubjects = new HashSet<>();
      List<String> all = live;
      if (config.softDeleted()) {
        all = client.subjects(true);
        deletedSubjects.addAll(all);
        deletedSubjects.removeAll(live);
      }
      Map<String, List<RegisteredSchema>> versions = fetchVersions(all, deletedSubjects);
      versions
          .values()
          .forEach(list -> list.forEach(s -> byKey.put(key(s.subject(), s.version()), s)));

      long excluded = 0;
      long unmapped = 0;
      long parseErrors = 0;
      long fieldCount = 0;
      long versionCount = 0;
      long kept = 0;
      int done = 0;
      ArtifactRef subjectsRef;
      // Each subject is written as soon as it is parsed: the parsed fields of the whole registry
      // are never held at once (only the fetched schema texts are, which references need).
      try (JsonLines.Writer<SchemaSubjectMetadata> writer =
              JsonLines.writer(
                  store,
                  context.artifactKey(ArtifactKinds.SCHEMA_SUBJECTS),
                  SchemaRegistryActivitiesImpl.this.mapper);
          CompatibilityLevels levels =
              new CompatibilityLevels(writer, config.compatibilityLevels())) {
        for (Map.Entry<String, List<RegisteredSchema>> e : versions.entrySet()) {
          String subject = e.getKey();
          List<RegisteredSchema> list = e.getValue();
          if (++done % HEARTBEAT_EVERY_SUBJECTS == 0) {
            heartbeat(done, versions.size());
          }
          if (list.isEmpty()) {
            continue;
          }
          // The latest schema names the record, which TopicRecordName/RecordName strategies need.
          RegisteredSchema latest = list.get(list.size() - 1);
          String provisionalRole = roleHint(subject);
          ParsedSchema latestParsed = parse(latest, provisionalRole);
          SubjectTopicMapper.Mapping mapping = mapper.map(subject, latestParsed.recordName());
          if (mapping.excluded()) {
            excluded++;
            continue;
          }
          if (mapping.topics().isEmpty()) {
            unmapped++;
          }
          String role = mapping.role() != null ? mapping.role() : SubjectTopicMapper.VALUE;
          boolean subjectDeleted = deletedSubjects.contains(subject);
          List<SchemaVersionMetadata> metas = new ArrayList<>();
          for (RegisteredSchema s : list) {
            ParsedSchema parsed =
                s == latest && role.equals(provisionalRole) ? latestParsed : parse(s, role);
            if (parsed.error() != null) {
              parseErrors++;
              warn("subject " + subject + " version " + s.version() + ": " + parsed.error());
            }
            fieldCount += parsed.fields().size();
            metas.add(
                new SchemaVersionMetadata(
                    s.version(),
                    s.id(),
                    s.type(),
                    s.schema(),
                    s.refs(),
                    subjectDeleted,
                    parsed.fields(),
                    parsed.error()));
          }
          versionCount += metas.size();
          kept++;
          levels.add(
              new SchemaSubjectMetadata(
                  subject,
                  mapping.topics(),
                  mapping.role(),
                  latestParsed.recordName(),
                  null,
                  subjectDeleted,
                  List.copyOf(metas)));
        }
        levels.drain();
        heartbeat(versions.size(), versions.size());
        subjectsRef = writer.finish();
      }
      ArtifactRef infoRef =
          writeInfo(new SchemaRegistryInfo(config.url(), globalCompatibility, all.size()));

      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("subjects", kept);
      counts.put("versions", versionCount);
      counts.put("fields", fieldCount);
      counts.put("parseErrors", parseErrors);
      counts.put("registryRequests", client.requestCount());
      counts.put("registrySubjects", (long) all.size());
      counts.put("subjectsExcluded", excluded);
      counts.put("subjectsWithoutTopic", unmapped);
      log.info(
          "schema phase for {}: {} subjects, {} versions, {} fields, {} parse errors, {} requests",
          context.connectionId(),
          kept,
          versionCount,
          fieldCount,
          parseErrors,
          client.requestCount());
      return PhaseResult.of(
          Phases.SCHEMAS,
          counts,
          Map.of(
              ArtifactKinds.SCHEMA_SUBJECTS, subjectsRef, ArtifactKinds.SCHEMA_REGISTRY, infoRef),
          warnings);
    }

    /** All versions (or the latest) of every subject, in subject then version order. */
    private Map<String, List<RegisteredSchema>> fetchVersions(
        List<String> subjects, Set<String> deletedSubjects) {
      Map<String, List<RegisteredSchema>> bySubject = new TreeMap<>();
      subjects.forEach(s -> bySubject.put(s, new ArrayList<>()));
      boolean latestOnly = config.latestVersionsOnly();
      boolean deleted = config.softDeleted();
      Set<String> seen = new HashSet<>();
      int offset = 0;
      while (true) {
        Optional<List<RegisteredSchema>> page =
            client.schemasPage(latestOnly, deleted, offset, SCHEMAS_PAGE_SIZE);
        if (page.isEmpty()) {
          warn(
              "the registry has no GET /schemas (older than Confluent Platform 7.x?):"
                  + " fell back to per-subject calls");
          return fetchPerSubject(bySubject, deletedSubjects);
        }
        List<RegisteredSchema> entries = page.get();
        for (RegisteredSchema s : entries) {
          bySubject.computeIfAbsent(s.subject(), k -> new ArrayList<>()).add(s);
          seen.add(s.subject());
        }
        batches++;
        offset += entries.size();
        heartbeat(offset, 0);
        // A short page ends the listing once every subject showed up; a registry that caps pages
        // below our limit still has more to give until then.
        if (entries.isEmpty()
            || (entries.size() < SCHEMAS_PAGE_SIZE && seen.containsAll(bySubject.keySet()))) {
          break;
        }
      }
      if (latestOnly) {
        // Latest-only pages may still hold several entries per subject on some registries.
        bySubject.replaceAll(
            (s, list) -> list.size() <= 1 ? list : new ArrayList<>(List.of(latestOf(list))));
      }
      bySubject
          .values()
          .forEach(list -> list.sort(Comparator.comparingInt(RegisteredSchema::version)));
      return bySubject;
    }

    private RegisteredSchema latestOf(List<RegisteredSchema> list) {
      return list.stream().max(Comparator.comparingInt(RegisteredSchema::version)).orElseThrow();
    }

    private Map<String, List<RegisteredSchema>> fetchPerSubject(
        Map<String, List<RegisteredSchema>> bySubject, Set<String> deletedSubjects) {
      int done = 0;
      for (Map.Entry<String, List<RegisteredSchema>> e : bySubject.entrySet()) {
        String subject = e.getKey();
        boolean deleted = deletedSubjects.contains(subject);
        List<RegisteredSchema> list = e.getValue();
        list.clear();
        try {
          if (config.latestVersionsOnly()) {
            list.add(client.version(subject, "latest", deleted));
          } else {
            for (int v : client.versions(subject, config.softDeleted())) {
              list.add(client.version(subject, String.valueOf(v), config.softDeleted()));
            }
          }
        } catch (SchemaRegistryException ex) {
          if (ex.kind() != SchemaRegistryException.Kind.NOT_FOUND) {
            throw ex;
          }
          // Deleted between the listing and this call.
          warn("subject " + subject + " vanished during the crawl: " + ex.getMessage());
          list.clear();
        }
        if (++done % HEARTBEAT_EVERY_SUBJECTS == 0) {
          heartbeat(done, bySubject.size());
        }
      }
      return bySubject;
    }

    private ParsedSchema parse(RegisteredSchema s, String role) {
      List<ResolvedReference> refs;
      try {
        refs = references(s);
      } catch (MissingReferenceException e) {
        return ParsedSchema.failed(e.getMessage());
      }
      return parsers.parse(s.type(), s.schema(), refs, role);
    }

    /** The schema's references, transitively, dependencies before dependants. */
    private List<ResolvedReference> references(RegisteredSchema s) {
      if (s.refs().isEmpty()) {
        return List.of();
      }
      Map<String, ResolvedReference> out = new LinkedHashMap<>();
      collect(s.refs(), out, new HashSet<>());
      return List.copyOf(out.values());
    }

    private void collect(
        List<SchemaReference> refs, Map<String, ResolvedReference> out, Set<String> visiting) {
      for (SchemaReference ref : refs) {
        RegisteredSchema target = fetchReference(ref);
        String k = key(target.subject(), target.version());
        if (out.containsKey(k) || !visiting.add(k)) {
          continue;
        }
        collect(target.refs(), out, visiting);
        out.put(
            k, new ResolvedReference(ref.name(), ref.subject(), ref.version(), target.schema()));
      }
    }

    private RegisteredSchema fetchReference(SchemaReference ref) {
      // Version -1 means "latest" in Confluent's reference syntax.
      if (ref.version() > 0) {
        RegisteredSchema cached = byKey.get(key(ref.subject(), ref.version()));
        if (cached != null) {
          return cached;
        }
      }
      try {
        RegisteredSchema fetched =
            client.version(
                ref.subject(), ref.version() > 0 ? String.valueOf(ref.version()) : "latest", true);
        byKey.put(key(fetched.subject(), fetched.version()), fetched);
        return fetched;
      } catch (SchemaRegistryException e) {
        if (e.kind() == SchemaRegistryException.Kind.NOT_FOUND) {
          throw new MissingReferenceException(
              "reference "
                  + ref.name()
                  + " (subject "
                  + ref.subject()
                  + " version "
                  + ref.version()
                  + ") is not in the registry: "
                  + e.getMessage());
        }
        throw e;
      }
    }

    /**
     * Writes subjects in order, each with its compatibility level when those are asked for.
     * Per-subject compatibility has no bulk endpoint: the calls run on a few threads while the
     * following subjects are parsed, and at most {@link #COMPATIBILITY_WINDOW} subjects wait for
     * theirs, so the phase still streams.
     */
    private final class CompatibilityLevels implements AutoCloseable {
      private final JsonLines.Writer<SchemaSubjectMetadata> writer;
      private final ExecutorService pool;
      private final Deque<Pending> pending = new ArrayDeque<>();

      private record Pending(SchemaSubjectMetadata subject, Future<Optional<String>> level) {}

      CompatibilityLevels(JsonLines.Writer<SchemaSubjectMetadata> writer, boolean enabled) {
        this.writer = writer;
        this.pool = enabled ? Executors.newFixedThreadPool(COMPATIBILITY_CONCURRENCY) : null;
      }

      void add(SchemaSubjectMetadata subject) throws IOException {
        if (pool == null) {
          writer.write(subject);
          return;
        }
        pending.addLast(
            new Pending(
                subject, pool.submit(() -> client.subjectCompatibility(subject.subject()))));
        while (pending.size() > COMPATIBILITY_WINDOW) {
          writeOldest();
        }
      }

      void drain() throws IOException {
        while (!pending.isEmpty()) {
          writeOldest();
        }
      }

      private void writeOldest() throws IOException {
        Pending p = pending.removeFirst();
        SchemaSubjectMetadata s = p.subject();
        String level = null;
        try {
          level = p.level().get().orElse(null);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SchemaRegistryException sre
              && sre.kind() == SchemaRegistryException.Kind.AUTH) {
            throw sre;
          }
          warn("compatibility of " + s.subject() + " not read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              SchemaRegistryException.Kind.UNAVAILABLE, 0, 0, "interrupted", e);
        }
        writer.write(
            new SchemaSubjectMetadata(
                s.subject(),
                s.topics(),
                s.role(),
                s.recordName(),
                level,
                s.deleted(),
                s.versions()));
      }

      @Override
      public void close() {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
    }

    private ArtifactRef writeInfo(SchemaRegistryInfo info) throws IOException {
      String key = context.artifactKey(ArtifactKinds.SCHEMA_REGISTRY);
      try (OutputStream out = store.openWrite(key)) {
        out.write(SchemaRegistryActivitiesImpl.this.mapper.writeValueAsBytes(info));
      }
      return new ArtifactRef(key, 1, store.size(key));
    }

    private void warn(String message) {
      warnings.add(
          message.length() > MAX_WARNING_CHARS
              ? message.substring(0, MAX_WARNING_CHARS) + "…"
              : message);
    }

    private volatile ProgressDetails lastProgress = new ProgressDetails(Phases.SCHEMAS, 0, 0, 0);
    private final ActivityExecutionContext activity = currentActivity();

    private void heartbeat(long done, long total) {
      lastProgress = new ProgressDetails(Phases.SCHEMAS, done, total, batches);
      heartbeatAgain();
    }

    /** The last progress again: the client calls it while it waits for the registry. */
    void heartbeatAgain() {
      if (activity != null) {
        activity.heartbeat(lastProgress);
      }
    }
  }

  /** The running activity's context, or null outside a Temporal activity (dev tools). */
  private static ActivityExecutionContext currentActivity() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException notInActivity) {
      return null;
    }
  }

  private static String roleHint(String subject) {
    return subject.toLowerCase(Locale.ROOT).endsWith("-key")
        ? SubjectTopicMapper.KEY
        : SubjectTopicMapper.VALUE;
  }

  private static String key(String subject, int version) {
    return subject + "\u0000" + version;
  }

  /** A reference the registry does not have: recorded as the version's parse error. */
  private static final class MissingReferenceException extends RuntimeException {
    MissingReferenceException(String message) {
      super(message, null, false, false);
    }
  }
}
