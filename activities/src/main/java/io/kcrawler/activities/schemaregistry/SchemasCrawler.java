package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.schema.SchemaRegistryInfo;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the schema phase: fetches subjects and versions ({@link SchemaFetcher}), parses every
 * schema into fields with its references resolved ({@link ReferenceResolver}), maps subjects to the
 * crawled topics ({@link SubjectTopicMapper}) and writes each subject as soon as it is parsed, with
 * its compatibility level ({@link CompatibilityLevels}): the parsed fields of the whole registry
 * are never held at once (only the fetched schema texts are, which references need).
 */
final class SchemasCrawler {
  private static final Logger log = LoggerFactory.getLogger(SchemasCrawler.class);

  /** Heartbeat every this many subjects while parsing, so a long parse is not taken for a hang. */
  static final int HEARTBEAT_EVERY_SUBJECTS = 200;

  /**
   * A subject no registry holds, asked for its level once: Confluent answers 40408 (no level), some
   * compatible registries answer the level they report for every subject without one.
   */
  static final String NO_SUCH_SUBJECT = "kcrawler-probe-no-such-subject";

  /** Longest warning text kept: parser messages can quote a whole schema. */
  static final int MAX_WARNING_CHARS = 300;

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final SchemaParsers parsers;
  private final SchemaRegistryClient client;
  private final ActivityProgress progress;
  private final ReferenceResolver references;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  SchemasCrawler(
      ArtifactStore store,
      ObjectMapper mapper,
      SchemaParsers parsers,
      SchemaRegistryClient client,
      ActivityProgress progress) {
    this.store = store;
    this.mapper = mapper;
    this.parsers = parsers;
    this.client = client;
    this.progress = progress;
    this.references = new ReferenceResolver(client);
  }

  PhaseResult crawl(CrawlContext context, SchemaRegistryConfig config, Set<String> crawledTopics)
      throws IOException {
    SubjectTopicMapper topics =
        new SubjectTopicMapper(
            config, crawledTopics, SubjectTopicMapper.topicFilter(context.request()));
    SchemaFetcher fetcher =
        new SchemaFetcher(
            client,
            config.latestVersionsOnly(),
            config.softDeleted(),
            new SchemaFetcher.Listener() {
              private int pages;

              @Override
              public void page(long fetchedSoFar) {
                heartbeat(fetchedSoFar, 0, ++pages);
              }

              @Override
              public void subjects(long done, long total) {
                heartbeat(done, total, pages);
              }

              @Override
              public void warn(String warning) {
                SchemasCrawler.this.warn(warning);
              }

              @Override
              public void note(String note) {
                notes.add(note);
              }
            });
    heartbeat(0, 0, 0);
    String globalCompatibility = client.globalCompatibility();
    List<String> live = client.subjects(false);
    Set<String> deletedSubjects = new HashSet<>();
    List<String> all = live;
    if (config.softDeleted()) {
      all = client.subjects(true);
      deletedSubjects.addAll(all);
      deletedSubjects.removeAll(live);
    }
    Map<String, List<RegisteredSchema>> versions = fetcher.fetch(all, deletedSubjects);
    references.know(versions.values());
    int batches = fetcher.pages();

    long excluded = 0;
    long unmapped = 0;
    long parseErrors = 0;
    long fieldCount = 0;
    long versionCount = 0;
    long kept = 0;
    int done = 0;
    ArtifactRef subjectsRef;
    try (JsonLines.Writer<SchemaSubjectMetadata> writer =
            JsonLines.writer(store, context.artifactKey(ArtifactKinds.SCHEMA_SUBJECTS), mapper);
        CompatibilityLevels levels =
            new CompatibilityLevels(
                writer,
                client,
                config.compatibilityLevels(),
                globalCompatibility,
                config.compatibilityLevels()
                    ? client.subjectCompatibility(NO_SUCH_SUBJECT)
                    : Optional.empty(),
                this::warn)) {
      for (Map.Entry<String, List<RegisteredSchema>> e : versions.entrySet()) {
        String subject = e.getKey();
        List<RegisteredSchema> list = e.getValue();
        if (++done % HEARTBEAT_EVERY_SUBJECTS == 0) {
          heartbeat(done, versions.size(), batches);
        }
        if (list.isEmpty()) {
          continue;
        }
        // The latest schema names the record, which TopicRecordName/RecordName strategies need.
        RegisteredSchema latest = list.get(list.size() - 1);
        String provisionalRole = roleHint(subject);
        ParsedSchema latestParsed = parse(latest, provisionalRole);
        SubjectTopicMapper.Mapping mapping = topics.map(subject, latestParsed.recordName());
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
      heartbeat(versions.size(), versions.size(), batches);
      subjectsRef = writer.finish();
    }
    ArtifactRef infoRef =
        writeInfo(context, new SchemaRegistryInfo(config.url(), globalCompatibility, all.size()));

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
            warnings)
        .withNotes(notes);
  }

  private ParsedSchema parse(RegisteredSchema s, String role) {
    List<ResolvedReference> refs;
    try {
      refs = references.references(s);
    } catch (ReferenceResolver.MissingReferenceException e) {
      return ParsedSchema.failed(e.getMessage());
    }
    return parsers.parse(s.type(), s.schema(), refs, role);
  }

  private ArtifactRef writeInfo(CrawlContext context, SchemaRegistryInfo info) throws IOException {
    String key = context.artifactKey(ArtifactKinds.SCHEMA_REGISTRY);
    try (OutputStream out = store.openWrite(key)) {
      out.write(mapper.writeValueAsBytes(info));
    }
    return new ArtifactRef(key, 1, store.size(key));
  }

  private synchronized void warn(String message) {
    warnings.add(
        message.length() > MAX_WARNING_CHARS
            ? message.substring(0, MAX_WARNING_CHARS) + "…"
            : message);
  }

  private void heartbeat(long done, long total, int batches) {
    progress.report(new ProgressDetails(Phases.SCHEMAS, done, total, batches));
  }

  private static String roleHint(String subject) {
    return subject.toLowerCase(Locale.ROOT).endsWith("-key")
        ? SubjectTopicMapper.KEY
        : SubjectTopicMapper.VALUE;
  }
}
