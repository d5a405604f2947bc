package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactIo;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.BrokerMetadata;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one crawl's artifacts into Atlan assets (attribute names of Atlan's published SDK model,
 * qualifiedNames per {@link AtlanQualifiedNames}) and hands them one at a time to an {@link
 * AssetConsumer}, in an order where every referenced asset comes before its referrers: cluster,
 * topics, consumer groups, schema subjects with their versions, fields.
 *
 * <p>Memory: artifacts are streamed, never loaded whole. Joins are done with per-topic maps of
 * small facts (a handful of config values, two counters, the subject names of the topic, the
 * consumer-group count): O(topics) with a small constant, independent of partitions, groups or
 * schema sizes. One subject's versions are held at a time (to find the version that introduced a
 * field).
 */
public final class AtlanAssetTransformer {
  public static final String KAFKA_CLUSTER = "KafkaCluster";
  public static final String KAFKA_TOPIC = "KafkaTopic";
  public static final String KAFKA_CONSUMER_GROUP = "KafkaConsumerGroup";
  public static final String SCHEMA_REGISTRY_SUBJECT = "SchemaRegistrySubject";
  public static final String SCHEMA_REGISTRY_VERSION = "SchemaRegistryVersion";
  public static final String KAFKA_FIELD = "KafkaField";

  /** Every type this transformer emits, in emission order. */
  public static final List<String> TYPES =
      List.of(
          KAFKA_CLUSTER,
          KAFKA_TOPIC,
          KAFKA_CONSUMER_GROUP,
          SCHEMA_REGISTRY_SUBJECT,
          SCHEMA_REGISTRY_VERSION,
          KAFKA_FIELD);

  /** Receives assets in emission order together with the facts the change report compares. */
  @FunctionalInterface
  public interface AssetConsumer {
    void accept(AtlanEntity entity, Map<String, Object> facts) throws IOException;
  }

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final PublishRequest request;
  private final String connectionQn;
  private final boolean clusterAsset;
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, List<String>> orphanGroups = new TreeMap<>();
  private final Set<String> coveredTypes = new TreeSet<>();
  private final Map<String, String> artifactKeys = new HashMap<>();

  // Per-topic small facts, filled by the pre-passes.
  private final Set<String> topicNames = new HashSet<>();
  private final Map<String, TopicConfigFacts> configs = new HashMap<>();
  private final Map<String, TopicStats> stats = new HashMap<>();
  private final Map<String, Integer> groupsPerTopic = new HashMap<>();
  private final Map<String, List<String>> subjectsPerTopic = new HashMap<>();
  private long partitionTotal;
  private long brokerCount = -1;

  public AtlanAssetTransformer(
      ArtifactStore store, ObjectMapper mapper, PublishRequest request, String connectionQn) {
    this(store, mapper, request, connectionQn, true);
  }

  /**
   * @param clusterAsset whether to emit the {@code KafkaCluster} asset and relate topics to it
   */
  public AtlanAssetTransformer(
      ArtifactStore store,
      ObjectMapper mapper,
      PublishRequest request,
      String connectionQn,
      boolean clusterAsset) {
    this.clusterAsset = clusterAsset;
    this.store = store;
    this.mapper = mapper;
    this.request = request;
    this.connectionQn = connectionQn;
  }

  /** Streams every asset of the crawl to {@code out}. */
  public void transform(AssetConsumer out) throws IOException {
    try {
      resolveArtifacts();
      prepass();
      if (clusterAsset) {
        emitCluster(out);
      }
      emitTopics(out);
      emitConsumerGroups(out);
      emitSchemas(out);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Types whose source artifact was present and whose phase did not fail: only assets of these
   * types may be archived when missing from this crawl.
   */
  public Set<String> coveredTypes() {
    return Collections.unmodifiableSet(coveredTypes);
  }

  /** Groups with committed offsets on topics that no longer exist, with those topics. */
  public Map<String, List<String>> orphanGroups() {
    return Collections.unmodifiableMap(orphanGroups);
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  // ---- pre-passes: small per-topic facts ----

  /**
   * Reads the small per-topic facts of every artifact. The artifacts are independent and parsing
   * them is CPU work, so they are read side by side; each read fills only its own map.
   */
  private void prepass() throws IOException {
    List<ArtifactIo.Task> reads = new ArrayList<>();
    String topicsKey = artifact(ArtifactKinds.TOPICS);
    if (topicsKey != null) {
      reads.add(
          () ->
              JsonLines.forEach(
                  store,
                  topicsKey,
                  TopicMetadata.class,
                  mapper,
                  t -> {
                    topicNames.add(t.name());
                    partitionTotal += t.partitionCount();
                  }));
    }
    String configsKey = artifact(ArtifactKinds.TOPIC_CONFIGS);
    if (configsKey != null) {
      reads.add(
          () ->
              JsonLines.forEach(
                  store,
                  configsKey,
                  TopicConfigs.class,
                  mapper,
                  c -> configs.put(c.topic(), TopicConfigFacts.of(c))));
    }
    String statsKey = artifact(ArtifactKinds.TOPIC_STATS);
    if (statsKey != null) {
      reads.add(
          () ->
              JsonLines.forEach(
                  store,
                  statsKey,
                  TopicStats.class,
                  mapper,
                  s ->
                      // Partition offsets are dropped: only the totals are published.
                      stats.put(
                          s.topic(),
                          new TopicStats(
                              s.topic(),
                              s.recordCount(),
                              s.sizeBytes(),
                              s.consumerGroupCount(),
                              List.of()))));
    }
    String groupsKey = artifact(ArtifactKinds.CONSUMER_GROUPS);
    if (groupsKey != null) {
      reads.add(
          () ->
              JsonLines.forEach(
                  store,
                  groupsKey,
                  ConsumerGroupMetadata.class,
                  mapper,
                  g -> {
                    for (String topic : topicsOf(g)) {
                      groupsPerTopic.merge(topic, 1, Integer::sum);
                    }
                  }));
    }
    String subjectsKey = artifact(ArtifactKinds.SCHEMA_SUBJECTS);
    if (subjectsKey != null) {
      reads.add(
          () ->
              JsonLines.forEach(
                  store,
                  subjectsKey,
                  SchemaSubjectMetadata.class,
                  mapper,
                  s -> {
                    if (s.deleted() || s.topics() == null) {
                      return;
                    }
                    for (String topic : s.topics()) {
                      List<String> names =
                          subjectsPerTopic.computeIfAbsent(topic, k -> new ArrayList<>(2));
                      // The value subject names the topic's schema; key subjects go after it.
                      if ("VALUE".equals(s.role())) {
                        names.add(0, s.subject());
                      } else {
                        names.add(s.subject());
                      }
                    }
                  }));
    }
    String brokersKey = artifact(ArtifactKinds.BROKERS);
    if (brokersKey != null) {
      reads.add(
          () ->
              brokerCount =
                  JsonLines.forEach(store, brokersKey, BrokerMetadata.class, mapper, b -> {}));
    }
    ArtifactIo.all(reads);
  }

  /** The phase that writes each artifact kind, to ignore artifacts of a failed phase. */
  private static final Map<String, String> PHASE_OF_KIND =
      Map.of(
          ArtifactKinds.TOPICS, Phases.TOPICS,
          ArtifactKinds.TOPIC_CONFIGS, Phases.TOPIC_CONFIGS,
          ArtifactKinds.TOPIC_STATS, Phases.TOPICS,
          ArtifactKinds.CONSUMER_GROUPS, Phases.CONSUMER_GROUPS,
          ArtifactKinds.SCHEMA_SUBJECTS, Phases.SCHEMAS,
          ArtifactKinds.BROKERS, Phases.BROKERS);

  private void resolveArtifacts() throws IOException {
    Map<String, ArtifactRef> artifacts =
        request.artifacts() == null ? Map.of() : request.artifacts();
    for (var kind : PHASE_OF_KIND.entrySet()) {
      ArtifactRef ref = artifacts.get(kind.getKey());
      if (ref == null || !store.exists(ref.key())) {
        if (kind.getKey().equals(ArtifactKinds.SCHEMA_SUBJECTS)
            && request.context().request().schemaRegistry() == null) {
          continue; // no registry configured: nothing missing
        }
        warnings.add("no " + kind.getKey() + " artifact (its phase failed, was denied or skipped)");
        continue;
      }
      String status = phaseStatus(kind.getValue());
      if ("FAILED".equals(status) || "SKIPPED".equals(status)) {
        warnings.add(
            "phase " + kind.getValue() + " " + status + ": " + kind.getKey() + " not used");
        continue;
      }
      artifactKeys.put(kind.getKey(), ref.key());
    }
  }

  private String phaseStatus(String phase) {
    if (request.phases() != null) {
      for (PhaseSummary p : request.phases()) {
        if (p.phase().equals(phase)) {
          return p.status();
        }
      }
    }
    return null;
  }

  /** The artifact key of {@code kind} when it is usable, else null. */
  private String artifact(String kind) {
    return artifactKeys.get(kind);
  }

  // ---- emitters ----

  private String clusterQn() {
    String id = request.cluster() == null ? null : request.cluster().clusterId();
    return AtlanQualifiedNames.cluster(connectionQn, id == null ? "unknown" : id);
  }

  private void emitCluster(AssetConsumer out) throws IOException {
    CrawlRequest crawl = request.context().request();
    String clusterId = request.cluster() == null ? null : request.cluster().clusterId();
    long brokers =
        brokerCount >= 0
            ? brokerCount
            : (request.cluster() == null ? -1 : request.cluster().brokerCount());
    AtlanEntity cluster =
        AtlanEntity.builder(KAFKA_CLUSTER, clusterQn(), crawl.displayName(), connectionQn)
            .attr("kafkaClusterId", clusterId)
            .attr("kafkaClusterTopicCount", topicNames.isEmpty() ? null : (long) topicNames.size())
            .attr("kafkaClusterPartitionCount", topicNames.isEmpty() ? null : partitionTotal)
            .attr("kafkaClusterBrokerCount", brokers < 0 ? null : brokers)
            .attr("kafkaClusterBootstrapServers", crawl.bootstrapServers())
            .attr(
                "kafkaClusterSchemaRegistryUrl",
                crawl.schemaRegistry() == null ? null : crawl.schemaRegistry().url())
            .attr("kafkaClusterAuthType", authType(crawl))
            .build();
    coveredTypes.add(KAFKA_CLUSTER);
    out.accept(cluster, null);
  }

  private static String authType(CrawlRequest crawl) {
    var security = crawl.securityOrDefault();
    return security.usesSasl()
        ? security.protocolOrDefault() + "/" + security.saslMechanism()
        : security.protocolOrDefault();
  }

  private void emitTopics(AssetConsumer out) throws IOException {
    String key = artifact(ArtifactKinds.TOPICS);
    if (key == null) {
      return;
    }
    coveredTypes.add(KAFKA_TOPIC);
    boolean haveConfigs = artifactPresent(ArtifactKinds.TOPIC_CONFIGS);
    boolean haveGroups = artifactPresent(ArtifactKinds.CONSUMER_GROUPS);
    boolean haveSchemas = artifactPresent(ArtifactKinds.SCHEMA_SUBJECTS);
    String clusterQn = clusterQn();
    JsonLines.forEach(
        store,
        key,
        TopicMetadata.class,
        mapper,
        t -> {
          TopicConfigFacts c = configs.get(t.name());
          TopicStats s = stats.get(t.name());
          List<String> subjects = subjectsPerTopic.getOrDefault(t.name(), List.of());
          Integer consumers =
              haveGroups
                  ? groupsPerTopic.getOrDefault(t.name(), 0)
                  : (s == null ? null : s.consumerGroupCount());
          AtlanEntity.Builder b =
              AtlanEntity.builder(
                      KAFKA_TOPIC,
                      AtlanQualifiedNames.topic(connectionQn, t.name()),
                      t.name(),
                      connectionQn)
                  .attr("kafkaTopicIsInternal", t.internal())
                  .attr("kafkaTopicPartitionsCount", (long) t.partitionCount())
                  .attr("kafkaTopicReplicationFactor", (long) t.replicationFactor());
          if (c != null) {
            b.attr("kafkaTopicCompressionType", c.compressionType())
                .attr("kafkaTopicCleanupPolicy", c.singleCleanupPolicy())
                .attr("kafkaTopicLogCleanupPolicy", c.cleanupPolicy())
                .attr("kafkaTopicRetentionTimeInMs", c.retentionMs())
                .attr("kafkaTopicRetentionBytes", c.retentionBytes())
                .attr("kafkaTopicSegmentBytes", c.segmentBytes());
          }
          if (s != null) {
            b.attr("kafkaTopicRecordCount", s.recordCount())
                .attr("kafkaTopicSizeInBytes", s.sizeBytes());
          }
          b.attr("kafkaTopicConsumerCount", consumers == null ? null : (long) consumers);
          if (haveSchemas) {
            b.attr("kafkaTopicIsSchemaManaged", !subjects.isEmpty())
                .attr(
                    "kafkaTopicSchemaRegistrySubjectName",
                    subjects.isEmpty() ? null : subjects.get(0));
          }
          if (clusterAsset) {
            b.rel("kafkaCluster", AtlanEntity.ref(KAFKA_CLUSTER, clusterQn));
          }
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("partitions", t.partitionCount());
          facts.put("configs", haveConfigs && c != null ? c.overrides() : null);
          accept(out, b.build(), facts);
        });
  }

  private boolean artifactPresent(String kind) {
    return artifactKeys.containsKey(kind);
  }

  private void emitConsumerGroups(AssetConsumer out) throws IOException {
    String key = artifact(ArtifactKinds.CONSUMER_GROUPS);
    if (key == null) {
      return;
    }
    coveredTypes.add(KAFKA_CONSUMER_GROUP);
    JsonLines.forEach(
        store,
        key,
        ConsumerGroupMetadata.class,
        mapper,
        g -> {
          List<Map<String, Object>> consumption = new ArrayList<>();
          long committed = 0;
          Set<String> orphanTopics = new TreeSet<>();
          List<ConsumerGroupMetadata.PartitionLag> offsets =
              g.offsets() == null ? List.of() : new ArrayList<>(g.offsets());
          offsets.sort(
              (a, b) ->
                  a.topic().equals(b.topic())
                      ? Integer.compare(a.partition(), b.partition())
                      : a.topic().compareTo(b.topic()));
          for (ConsumerGroupMetadata.PartitionLag lag : offsets) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("topicName", lag.topic());
            // Atlan's KafkaTopicConsumption.topicPartition is a string.
            c.put("topicPartition", String.valueOf(lag.partition()));
            if (lag.lag() != null) {
              c.put("topicLag", lag.lag());
            }
            c.put("topicCurrentOffset", lag.committedOffset());
            consumption.add(c);
            committed += lag.committedOffset();
            // A deleted topic has no log end offset; a topic merely filtered out of the crawl has.
            if (!topicNames.contains(lag.topic()) && lag.logEndOffset() == null) {
              orphanTopics.add(lag.topic());
            }
          }
          if (!orphanTopics.isEmpty()) {
            orphanGroups.put(g.groupId(), List.copyOf(orphanTopics));
          }
          Set<String> topics = topicsOf(g);
          List<String> topicQns = new ArrayList<>();
          List<Map<String, Object>> topicRefs = new ArrayList<>();
          for (String topic : topics) {
            String qn = AtlanQualifiedNames.topic(connectionQn, topic);
            topicQns.add(qn);
            // Only topics published in this crawl can be related; others do not exist in Atlan.
            if (topicNames.contains(topic)) {
              topicRefs.add(AtlanEntity.ref(KAFKA_TOPIC, qn));
            }
          }
          AtlanEntity entity =
              AtlanEntity.builder(
                      KAFKA_CONSUMER_GROUP,
                      AtlanQualifiedNames.consumerGroup(connectionQn, g.groupId()),
                      g.groupId(),
                      connectionQn)
                  .attr(
                      "kafkaConsumerGroupMemberCount",
                      (long) (g.members() == null ? 0 : g.members().size()))
                  .attr("kafkaConsumerGroupState", g.state())
                  .attr("kafkaTopicNames", List.copyOf(topics))
                  .attr("kafkaTopicQualifiedNames", topicQns)
                  .attr("kafkaConsumerGroupTopicConsumptionProperties", consumption)
                  .rel("kafkaTopics", topicRefs)
                  .build();
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put("committedOffsets", committed);
          facts.put("topics", List.copyOf(topics));
          accept(out, entity, facts);
        });
  }

  private static Set<String> topicsOf(ConsumerGroupMetadata g) {
    Set<String> topics = new TreeSet<>();
    if (g.offsets() != null) {
      g.offsets().forEach(o -> topics.add(o.topic()));
    }
    if (g.members() != null) {
      for (var m : g.members()) {
        if (m.assignment() != null) {
          m.assignment().forEach(a -> topics.add(a.topic()));
        }
      }
    }
    return topics;
  }

  private void emitSchemas(AssetConsumer out) throws IOException {
    String key = artifact(ArtifactKinds.SCHEMA_SUBJECTS);
    if (key == null) {
      return;
    }
    coveredTypes.add(SCHEMA_REGISTRY_SUBJECT);
    coveredTypes.add(SCHEMA_REGISTRY_VERSION);
    coveredTypes.add(KAFKA_FIELD);
    JsonLines.forEach(
        store,
        key,
        SchemaSubjectMetadata.class,
        mapper,
        s -> {
          if (!s.deleted()) {
            emitSubject(out, s);
          }
        });
  }

  private void emitSubject(AssetConsumer out, SchemaSubjectMetadata s) {
    List<SchemaVersionMetadata> versions =
        s.versions() == null ? List.of() : s.versions().stream().filter(v -> !v.deleted()).toList();
    SchemaVersionMetadata latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    String subjectQn = AtlanQualifiedNames.subject(connectionQn, s.subject());
    List<String> topics = s.topics() == null ? List.of() : s.topics();
    AtlanEntity subject =
        AtlanEntity.builder(SCHEMA_REGISTRY_SUBJECT, subjectQn, s.subject(), connectionQn)
            .attr("schemaRegistrySubjectBaseName", baseName(s.subject()))
            .attr(
                "schemaRegistrySubjectIsKeySchema",
                s.role() == null ? null : "KEY".equals(s.role()))
            .attr("schemaRegistrySubjectSchemaCompatibility", s.compatibility())
            .attr(
                "schemaRegistrySubjectLatestSchemaVersion",
                latest == null ? null : String.valueOf(latest.version()))
            .attr(
                "schemaRegistrySubjectLatestSchemaDefinition",
                latest == null ? null : latest.schema())
            .attr("schemaRegistrySchemaType", latest == null ? null : latest.schemaType())
            .attr(
                "schemaRegistrySchemaId", latest == null ? null : String.valueOf(latest.schemaId()))
            .attr(
                "schemaRegistrySubjectGoverningAssetQualifiedNames",
                topics.stream().map(t -> AtlanQualifiedNames.topic(connectionQn, t)).toList())
            .build();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("compatibility", s.compatibility());
    facts.put("versions", versions.stream().map(SchemaVersionMetadata::version).toList());
    accept(out, subject, facts);

    for (SchemaVersionMetadata v : versions) {
      AtlanEntity version =
          AtlanEntity.builder(
                  SCHEMA_REGISTRY_VERSION,
                  AtlanQualifiedNames.subjectVersion(connectionQn, s.subject(), v.version()),
                  s.subject() + " v" + v.version(),
                  connectionQn)
              .attr("schemaRegistryVersionNumber", String.valueOf(v.version()))
              .attr("schemaRegistryVersionSchemaDefinition", v.schema())
              .attr("schemaRegistryVersionSchemaType", v.schemaType())
              .attr("schemaRegistrySchemaId", String.valueOf(v.schemaId()))
              .attr("schemaRegistrySubjectQualifiedName", subjectQn)
              .rel("schemaRegistrySubject", AtlanEntity.ref(SCHEMA_REGISTRY_SUBJECT, subjectQn))
              .build();
      accept(out, version, null);
    }
    if (latest == null || latest.fields() == null) {
      return;
    }
    Map<String, Integer> introduced = versionIntroduced(versions);
    for (String topic : topics) {
      if (!topicNames.contains(topic)) {
        continue; // not published in this crawl, so a field could not be related to it
      }
      String topicQn = AtlanQualifiedNames.topic(connectionQn, topic);
      for (SchemaField f : latest.fields()) {
        String role = f.role() != null ? f.role() : (s.role() != null ? s.role() : "VALUE");
        AtlanEntity field =
            AtlanEntity.builder(
                    KAFKA_FIELD,
                    AtlanQualifiedNames.field(connectionQn, topic, role, f.path()),
                    f.name(),
                    connectionQn)
                .attr("description", f.doc())
                .attr("kafkaFieldDataType", f.type())
                .attr("kafkaFieldIsOptional", f.optional())
                .attr("kafkaFieldDefaultValue", f.defaultValue())
                .attr("kafkaFieldOrder", f.order())
                .attr("kafkaFieldSchemaType", role.toLowerCase(Locale.ROOT))
                .attr(
                    "kafkaFieldVersionIntroduced",
                    introduced.containsKey(f.path())
                        ? String.valueOf(introduced.get(f.path()))
                        : null)
                .attr("kafkaTopicQualifiedName", topicQn)
                .rel("kafkaTopic", AtlanEntity.ref(KAFKA_TOPIC, topicQn))
                .build();
        accept(out, field, null);
      }
    }
  }

  /** The first version (oldest first) in which each field path appears. */
  private static Map<String, Integer> versionIntroduced(List<SchemaVersionMetadata> versions) {
    Map<String, Integer> first = new HashMap<>();
    for (SchemaVersionMetadata v : versions) {
      if (v.fields() != null) {
        v.fields().forEach(f -> first.putIfAbsent(f.path(), v.version()));
      }
    }
    return first;
  }

  static String baseName(String subject) {
    if (subject.endsWith("-key")) {
      return subject.substring(0, subject.length() - 4);
    }
    if (subject.endsWith("-value")) {
      return subject.substring(0, subject.length() - 6);
    }
    return subject;
  }

  private static void accept(AssetConsumer out, AtlanEntity entity, Map<String, Object> facts) {
    try {
      out.accept(entity, facts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configs of one topic that the catalog and the change report need. */
  record TopicConfigFacts(
      String compressionType,
      String cleanupPolicy,
      Long retentionMs,
      Long retentionBytes,
      Long segmentBytes,
      Map<String, String> overrides) {

    static TopicConfigFacts of(TopicConfigs c) {
      Map<String, String> overrides = new TreeMap<>();
      for (ConfigEntryMetadata e : c.entries()) {
        // Overrides only: a broker default changing shows up once, not as drift on every topic.
        if (!e.isDefault() && !e.sensitive() && e.value() != null) {
          overrides.put(e.name(), e.value());
        }
      }
      return new TopicConfigFacts(
          c.value("compression.type"),
          c.value("cleanup.policy"),
          asLong(c.value("retention.ms")),
          asLong(c.value("retention.bytes")),
          asLong(c.value("segment.bytes")),
          Collections.unmodifiableMap(overrides));
    }

    /**
     * Atlan's KafkaTopicCleanupPolicy enum has single values; the combined one goes to the log
     * attribute.
     */
    String singleCleanupPolicy() {
      return cleanupPolicy == null || cleanupPolicy.contains(",") ? null : cleanupPolicy;
    }

    private static Long asLong(String v) {
      if (v == null) {
        return null;
      }
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
