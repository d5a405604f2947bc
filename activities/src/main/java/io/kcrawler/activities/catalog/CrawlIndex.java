package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.access.AccessResolver;
import io.kcrawler.activities.artifacts.ArtifactIo;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.kafka.BrokerMetadata;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The small per-topic facts of one crawl that the asset mappers join on: topic names, a handful of
 * config values, record counts, sizes and traffic, how many groups consume each topic and which
 * subjects describe it. Built by one pass over each usable artifact (read side by side); O(topics)
 * with a small constant, independent of partitions, groups or schema sizes.
 */
final class CrawlIndex {
  /** The phase that writes each artifact kind, to ignore artifacts of a failed phase. */
  private static final Map<String, String> PHASE_OF_KIND =
      Map.of(
          ArtifactKinds.TOPICS, Phases.TOPICS,
          ArtifactKinds.TOPIC_CONFIGS, Phases.TOPIC_CONFIGS,
          // Record counts and sizes need the end offsets the consumer-groups phase reads.
          ArtifactKinds.TOPIC_STATS, Phases.CONSUMER_GROUPS,
          ArtifactKinds.CONSUMER_GROUPS, Phases.CONSUMER_GROUPS,
          ArtifactKinds.SCHEMA_SUBJECTS, Phases.SCHEMAS,
          ArtifactKinds.BROKERS, Phases.BROKERS);

  final PublishRequest request;
  private final Map<String, String> artifactKeys = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  final Set<String> topicNames = new HashSet<>();
  final Map<String, TopicConfigFacts> configs = new HashMap<>();
  final Map<String, TopicStats> stats = new HashMap<>();

  /** Groups with at least one member assigned a partition of the topic: its active consumers. */
  final Map<String, Integer> activeGroupsPerTopic = new HashMap<>();

  /** Subjects per topic, the value subject first. */
  final Map<String, List<String>> subjectsPerTopic = new HashMap<>();

  /** The cluster's ACLs, when the brokers phase could read them; else null. */
  AccessResolver access;

  long partitionTotal;
  long brokerCount = -1;

  private CrawlIndex(PublishRequest request) {
    this.request = request;
  }

  /** Finds the usable artifacts of the crawl and reads their small facts. */
  static CrawlIndex build(ArtifactStore store, ObjectMapper mapper, PublishRequest request)
      throws IOException {
    CrawlIndex index = new CrawlIndex(request);
    index.resolveArtifacts(store);
    index.prepass(store, mapper);
    return index;
  }

  /** The artifact key of {@code kind} when it is usable, else null. */
  String artifact(String kind) {
    return artifactKeys.get(kind);
  }

  boolean has(String kind) {
    return artifactKeys.containsKey(kind);
  }

  List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  private void resolveArtifacts(ArtifactStore store) throws IOException {
    Map<String, ArtifactRef> artifacts =
        request.artifacts() == null ? Map.of() : request.artifacts();
    for (var kind : new TreeMap<>(PHASE_OF_KIND).entrySet()) {
      ArtifactRef ref = artifacts.get(kind.getKey());
      if (ref == null || !store.exists(ref.key())) {
        if (kind.getKey().equals(ArtifactKinds.SCHEMA_SUBJECTS)
            && request.context().request().schemaRegistry() == null) {
          continue; // no registry configured: nothing missing
        }
        warnings.add("no " + kind.getKey() + " artifact (its phase failed, was denied or skipped)");
        continue;
      }
      PhaseStatus status = phaseStatus(request, kind.getValue());
      if (status == PhaseStatus.FAILED || status == PhaseStatus.SKIPPED) {
        warnings.add(
            "phase " + kind.getValue() + " " + status + ": " + kind.getKey() + " not used");
        continue;
      }
      artifactKeys.put(kind.getKey(), ref.key());
    }
  }

  /**
   * The artifact keys of {@code kinds} (kind → the phase that writes it) that exist and whose phase
   * neither failed nor was skipped; the kinds that are not usable are left out.
   */
  static Map<String, String> usableArtifacts(
      ArtifactStore store, PublishRequest request, Map<String, String> kinds) throws IOException {
    Map<String, ArtifactRef> artifacts =
        request.artifacts() == null ? Map.of() : request.artifacts();
    Map<String, String> usable = new HashMap<>();
    for (var kind : kinds.entrySet()) {
      ArtifactRef ref = artifacts.get(kind.getKey());
      PhaseStatus status = phaseStatus(request, kind.getValue());
      if (ref != null
          && store.exists(ref.key())
          && status != PhaseStatus.FAILED
          && status != PhaseStatus.SKIPPED) {
        usable.put(kind.getKey(), ref.key());
      }
    }
    return usable;
  }

  private static PhaseStatus phaseStatus(PublishRequest request, String phase) {
    if (request.phases() != null) {
      for (PhaseSummary p : request.phases()) {
        if (p.phase().equals(phase)) {
          return p.status();
        }
      }
    }
    return null;
  }

  /**
   * Reads the small per-topic facts of every artifact. The artifacts are independent and parsing
   * them is CPU work, so they are read side by side; each read fills only its own map.
   */
  private void prepass(ArtifactStore store, ObjectMapper mapper) throws IOException {
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
                              List.of(),
                              s.sizeSource(),
                              s.activity()))));
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
                    for (String topic : assignedTopics(g)) {
                      activeGroupsPerTopic.merge(topic, 1, Integer::sum);
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
    ArtifactRef acls =
        request.artifacts() == null ? null : request.artifacts().get(ArtifactKinds.ACLS);
    if (acls != null && has(ArtifactKinds.BROKERS) && store.exists(acls.key())) {
      reads.add(
          () -> {
            List<AclMetadata> bindings = new ArrayList<>();
            JsonLines.forEach(store, acls.key(), AclMetadata.class, mapper, bindings::add);
            access = new AccessResolver(bindings);
          });
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

  /** Topics a group has committed offsets on or is assigned partitions of. */
  static Set<String> topicsOf(ConsumerGroupMetadata g) {
    Set<String> topics = new TreeSet<>();
    if (g.offsets() != null) {
      g.offsets().forEach(o -> topics.add(o.topic()));
    }
    topics.addAll(assignedTopics(g));
    return topics;
  }

  /** Topics of which a member of the group is assigned a partition right now. */
  static Set<String> assignedTopics(ConsumerGroupMetadata g) {
    Set<String> topics = new TreeSet<>();
    if (g.members() != null) {
      for (var m : g.members()) {
        if (m.assignment() != null) {
          m.assignment().forEach(a -> topics.add(a.topic()));
        }
      }
    }
    return topics;
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
