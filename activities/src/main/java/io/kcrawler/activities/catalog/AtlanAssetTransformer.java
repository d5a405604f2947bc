package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.AtlanModel.KafkaCluster;
import io.kcrawler.activities.catalog.AtlanModel.KafkaConsumerGroup;
import io.kcrawler.activities.catalog.AtlanModel.KafkaField;
import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.activities.catalog.AtlanModel.SchemaRegistrySubject;
import io.kcrawler.activities.catalog.AtlanModel.SchemaRegistryVersion;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one crawl's artifacts into Atlan assets and hands them one at a time to an {@link
 * AssetConsumer}, in an order where every referenced asset comes before its referrers: cluster,
 * topics, then per subject the subject, its versions and its fields, then consumer groups. Each
 * asset type has its mapper ({@code KafkaTopicMapper} …) over a {@link CrawlIndex} of the crawl;
 * every asset is fitted to the tenant's types ({@link TenantTypes}) before it is handed on.
 *
 * <p>Memory: artifacts are streamed, never loaded whole; the index is O(topics) with a small
 * constant. One subject's versions are held at a time (to find the version that introduced a
 * field).
 */
public final class AtlanAssetTransformer {

  /** Receives assets in emission order together with the facts the change report compares. */
  @FunctionalInterface
  public interface AssetConsumer {
    void accept(AtlanEntity entity, Map<String, Object> facts) throws IOException;
  }

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final PublishRequest request;
  private final String connectionQn;
  private final TenantTypes tenant;
  private final List<String> warnings = new ArrayList<>();
  private long softDeletedSubjects;
  private long softDeletedVersions;
  private final Map<String, List<String>> orphanGroups = new TreeMap<>();
  private final Set<String> coveredTypes = new TreeSet<>();
  private CrawlIndex index;

  public AtlanAssetTransformer(
      ArtifactStore store, ObjectMapper mapper, PublishRequest request, String connectionQn) {
    this(store, mapper, request, connectionQn, TenantTypes.current());
  }

  /**
   * @param tenant the types the catalog has: assets and attributes it lacks are left out
   */
  AtlanAssetTransformer(
      ArtifactStore store,
      ObjectMapper mapper,
      PublishRequest request,
      String connectionQn,
      TenantTypes tenant) {
    this.store = store;
    this.mapper = mapper;
    this.request = request;
    this.connectionQn = connectionQn;
    this.tenant = tenant;
  }

  /** Streams every asset of the crawl to {@code out}. */
  public void transform(AssetConsumer out) throws IOException {
    try {
      index = CrawlIndex.build(store, mapper, request);
      String clusterQn = KafkaClusterMapper.qualifiedName(index, connectionQn);
      cover(KafkaCluster.TYPE);
      emit(out, KafkaClusterMapper.map(index, connectionQn), null);
      emitTopics(out, clusterQn);
      emitSchemas(out);
      emitConsumerGroups(out);
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

  /** What the crawl's artifacts and the tenant's types left out, one line each. */
  /**
   * What the crawl read but the catalog is not sent, by reason: soft-deleted subjects and versions
   * (Atlan has no deleted flag on them, so they would show as live). Only reasons that occurred.
   */
  public Map<String, Long> notPublished() {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (softDeletedSubjects > 0) {
      counts.put("subjectsNotPublishedSoftDeleted", softDeletedSubjects);
    }
    if (softDeletedVersions > 0) {
      counts.put("versionsNotPublishedSoftDeleted", softDeletedVersions);
    }
    return counts;
  }

  /** Notes for the publish phase: what was left out on purpose, and why. */
  public List<String> notes() {
    if (softDeletedSubjects == 0 && softDeletedVersions == 0) {
      return List.of();
    }
    return List.of(
        softDeletedSubjects
            + " soft-deleted subjects and "
            + softDeletedVersions
            + " soft-deleted versions are in the raw output (deleted: true) but not published:"
            + " Atlan's schema assets have no deleted flag, so they would show as live");
  }

  public List<String> warnings() {
    List<String> all = new ArrayList<>(index == null ? List.of() : index.warnings());
    all.addAll(warnings);
    all.addAll(tenant.warnings());
    return Collections.unmodifiableList(all);
  }

  private void cover(String type) {
    // A type the tenant lacks is not published, so its earlier assets are not archived either.
    if (tenant.has(type)) {
      coveredTypes.add(type);
    }
  }

  private void emitTopics(AssetConsumer out, String clusterQn) throws IOException {
    String key = index.artifact(ArtifactKinds.TOPICS);
    if (key == null) {
      return;
    }
    cover(KafkaTopic.TYPE);
    KafkaTopicMapper topics = new KafkaTopicMapper(index, connectionQn, clusterQn);
    JsonLines.forEach(
        store, key, TopicMetadata.class, mapper, t -> emit(out, topics.map(t), topics.facts(t)));
  }

  private void emitConsumerGroups(AssetConsumer out) throws IOException {
    String key = index.artifact(ArtifactKinds.CONSUMER_GROUPS);
    if (key == null) {
      return;
    }
    cover(KafkaConsumerGroup.TYPE);
    KafkaConsumerGroupMapper groups =
        new KafkaConsumerGroupMapper(index, connectionQn, orphanGroups);
    JsonLines.forEach(
        store,
        key,
        ConsumerGroupMetadata.class,
        mapper,
        g -> {
          Map<String, Object> facts = new LinkedHashMap<>();
          AtlanEntity entity = groups.map(g, facts);
          emit(out, entity, facts);
        });
  }

  private void emitSchemas(AssetConsumer out) throws IOException {
    String key = index.artifact(ArtifactKinds.SCHEMA_SUBJECTS);
    if (key == null) {
      return;
    }
    cover(SchemaRegistrySubject.TYPE);
    cover(SchemaRegistryVersion.TYPE);
    cover(KafkaField.TYPE);
    SchemaRegistrySubjectMapper subjects = new SchemaRegistrySubjectMapper(index, connectionQn);
    JsonLines.forEach(
        store,
        key,
        SchemaSubjectMetadata.class,
        mapper,
        s -> {
          if (s.deleted()) {
            softDeletedSubjects++;
            softDeletedVersions += s.versions() == null ? 0 : s.versions().size();
          } else {
            emitSubject(out, subjects, s);
          }
        });
  }

  private void emitSubject(
      AssetConsumer out, SchemaRegistrySubjectMapper subjects, SchemaSubjectMetadata s) {
    List<SchemaVersionMetadata> versions =
        s.versions() == null ? List.of() : s.versions().stream().filter(v -> !v.deleted()).toList();
    softDeletedVersions += (s.versions() == null ? 0 : s.versions().size()) - versions.size();
    emit(out, subjects.map(s, versions), SchemaRegistrySubjectMapper.facts(s, versions));
    for (SchemaVersionMetadata v : versions) {
      emit(out, SchemaRegistryVersionMapper.map(connectionQn, s.subject(), v), null);
    }
    SchemaVersionMetadata latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    if (latest == null || latest.fields() == null || s.topics() == null) {
      return;
    }
    Map<String, Integer> introduced = versionIntroduced(versions);
    for (String topic : s.topics()) {
      if (!index.topicNames.contains(topic)) {
        continue; // not published in this crawl, so a field could not be related to it
      }
      for (SchemaField f : latest.fields()) {
        String role = f.role() != null ? f.role() : (s.role() != null ? s.role() : "VALUE");
        emit(
            out,
            KafkaFieldMapper.map(connectionQn, topic, role, f, introduced.get(f.path())),
            null);
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

  /** Hands the asset on as the tenant can take it, or not at all when it lacks the type. */
  private void emit(AssetConsumer out, AtlanEntity entity, Map<String, Object> facts) {
    AtlanEntity fitted = tenant.fit(entity);
    if (fitted == null) {
      return;
    }
    try {
      out.accept(fitted, facts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
