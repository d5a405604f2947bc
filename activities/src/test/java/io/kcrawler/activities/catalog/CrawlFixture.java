package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.kafka.BrokerMetadata;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.GroupMember;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.PartitionLag;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.TopicPartitionRef;
import io.kcrawler.model.kafka.TopicActivity;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-written crawl artifacts: what the crawl phases would have written, for publish tests. */
final class CrawlFixture {
  static final String BOOTSTRAP = "broker-1:9092,broker-2:9092";

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final String connectionId;
  private final String runId;
  private final List<TopicMetadata> topics = new ArrayList<>();
  private final Map<String, List<ConfigEntryMetadata>> configs = new LinkedHashMap<>();
  private final List<TopicStats> stats = new ArrayList<>();
  private final List<ConsumerGroupMetadata> groups = new ArrayList<>();
  private final List<SchemaSubjectMetadata> subjects = new ArrayList<>();
  private final Set<String> omitted = new HashSet<>();
  private String registryUrl;
  private String atlanConnection;
  private String outputLocation;
  private ConfluentCloudConfig cloud;
  private List<AclMetadata> acls;
  private ChangeReportConfig changeReport;

  CrawlFixture(ArtifactStore store, ObjectMapper mapper, String connectionId, String runId) {
    this.store = store;
    this.mapper = mapper;
    this.connectionId = connectionId;
    this.runId = runId;
  }

  CrawlFixture topic(String name, int partitions) {
    topics.add(new TopicMetadata(name, "id-" + name, false, partitions, 3, 0, 0, List.of()));
    // Every topic reports its defaults too; only overrides count as drift.
    configs
        .computeIfAbsent(name, k -> new ArrayList<>())
        .add(
            new ConfigEntryMetadata(
                "max.message.bytes", "1048588", "DEFAULT_CONFIG", false, false));
    return this;
  }

  /** A topic with its replication factor and unhealthy partitions, as describeTopics says. */
  CrawlFixture topic(
      String name, int partitions, int replicationFactor, int underReplicated, int offline) {
    topics.add(
        new TopicMetadata(
            name,
            "id-" + name,
            false,
            partitions,
            replicationFactor,
            underReplicated,
            offline,
            List.of()));
    configs.computeIfAbsent(name, k -> new ArrayList<>());
    return this;
  }

  /** The brokers phase read these ACL bindings (an empty call still writes the artifact). */
  CrawlFixture acls(AclMetadata... bindings) {
    acls = List.of(bindings);
    return this;
  }

  static AclMetadata allow(String principal, String op, String pattern, String topic) {
    return new AclMetadata("TOPIC", topic, pattern, principal, "*", op, "ALLOW");
  }

  /** The request's change report thresholds. */
  CrawlFixture changeReport(ChangeReportConfig config) {
    changeReport = config;
    return this;
  }

  CrawlFixture internalTopic(String name, int partitions) {
    topics.add(new TopicMetadata(name, "id-" + name, true, partitions, 3, 0, 0, List.of()));
    return this;
  }

  CrawlFixture config(String topic, String key, String value) {
    configs
        .computeIfAbsent(topic, k -> new ArrayList<>())
        .add(new ConfigEntryMetadata(key, value, "DYNAMIC_TOPIC_CONFIG", false, false));
    return this;
  }

  CrawlFixture stats(String topic, long records, Long bytes, int groupCount) {
    stats.add(new TopicStats(topic, records, bytes, groupCount, List.of()));
    return this;
  }

  /** Stats as a crawl with the Confluent Cloud Metrics API writes them: size and activity. */
  CrawlFixture stats(String topic, long records, Long bytes, TopicActivity activity) {
    stats.add(
        new TopicStats(
            topic,
            records,
            bytes,
            0,
            List.of(),
            bytes == null ? null : TopicStats.FROM_METRICS_API,
            activity));
    return this;
  }

  /** The request has a {@code confluentCloud} block. */
  CrawlFixture confluentCloud(ConfluentCloudConfig cloud) {
    this.cloud = cloud;
    return this;
  }

  /** A group with one member per topic it is assigned, committed offsets and lag per partition. */
  CrawlFixture group(String id, String state, int members, PartitionLag... offsets) {
    List<GroupMember> m = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      List<TopicPartitionRef> assignment =
          List.of(offsets).stream()
              .filter(o -> o.logEndOffset() != null)
              .map(o -> new TopicPartitionRef(o.topic(), o.partition()))
              .toList();
      m.add(new GroupMember("member-" + i, null, "client-" + i, "/10.0.0." + i, assignment));
    }
    long lag = List.of(offsets).stream().mapToLong(o -> o.lag() == null ? 0 : o.lag()).sum();
    groups.add(
        new ConsumerGroupMetadata(
            id, state, "CLASSIC", "range", 1, false, m, List.of(offsets), lag));
    return this;
  }

  static PartitionLag offset(String topic, int partition, long committed, Long end) {
    return new PartitionLag(topic, partition, committed, end, end == null ? null : end - committed);
  }

  CrawlFixture subject(SchemaSubjectMetadata s) {
    subjects.add(s);
    return this;
  }

  /** The key subject of topic {@code orders}: one JSON Schema version with an {@code id} field. */
  static SchemaSubjectMetadata ordersKey() {
    SchemaField keyId = new SchemaField("id", "id", "string", false, null, null, 0, "KEY");
    return new SchemaSubjectMetadata(
        "orders-key",
        List.of("orders"),
        "KEY",
        null,
        null,
        false,
        List.of(
            new SchemaVersionMetadata(
                1, 21, "JSON", "{k}", List.of(), false, List.of(keyId), null)));
  }

  CrawlFixture registry(String url) {
    this.registryUrl = url;
    return this;
  }

  /** The request names this existing Atlan connection. */
  CrawlFixture connection(String qualifiedName) {
    this.atlanConnection = qualifiedName;
    return this;
  }

  CrawlFixture outputLocation(String dir) {
    this.outputLocation = dir;
    return this;
  }

  /** Leaves an artifact out, as when its phase failed or was denied. */
  CrawlFixture without(String kind) {
    omitted.add(kind);
    return this;
  }

  /** Writes the artifacts and returns the request the workflow would send to publish. */
  PublishRequest write() {
    CrawlRequest request = CrawlRequest.of(connectionId, BOOTSTRAP);
    if (registryUrl != null) {
      request = request.withSchemaRegistry(SchemaRegistryConfig.unauthenticated(registryUrl));
    }
    if (outputLocation != null) {
      request = request.withOutputLocation(outputLocation);
    }
    if (atlanConnection != null) {
      request = request.withAtlanConnectionQualifiedName(atlanConnection);
    }
    if (cloud != null) {
      request = request.withConfluentCloud(cloud);
    }
    if (changeReport != null) {
      request = request.withChangeReport(changeReport);
    }
    CrawlContext ctx =
        new CrawlContext(
            "crawl-" + connectionId, runId, request, CrawlContext.prefixFor(connectionId, runId));
    Map<String, ArtifactRef> refs = new LinkedHashMap<>();
    write(ctx, refs, ArtifactKinds.TOPICS, topics);
    write(
        ctx,
        refs,
        ArtifactKinds.TOPIC_CONFIGS,
        configs.entrySet().stream().map(e -> new TopicConfigs(e.getKey(), e.getValue())).toList());
    write(ctx, refs, ArtifactKinds.TOPIC_STATS, stats);
    write(ctx, refs, ArtifactKinds.CONSUMER_GROUPS, groups);
    write(
        ctx,
        refs,
        ArtifactKinds.BROKERS,
        List.of(
            new BrokerMetadata(1, "broker-1", 9092, null, true, List.of()),
            new BrokerMetadata(2, "broker-2", 9092, null, false, List.of())));
    if (registryUrl != null) {
      write(ctx, refs, ArtifactKinds.SCHEMA_SUBJECTS, subjects);
    }
    if (acls != null) {
      write(ctx, refs, ArtifactKinds.ACLS, acls);
    }
    return new PublishRequest(
        ctx, new PreflightResult("cluster-abc", 1, 2, List.of(), List.of()), refs, List.of());
  }

  private <T> void write(
      CrawlContext ctx, Map<String, ArtifactRef> refs, String kind, List<T> rows) {
    if (omitted.contains(kind)) {
      return;
    }
    try (JsonLines.Writer<T> w = JsonLines.writer(store, ctx.artifactKey(kind), mapper)) {
      for (T row : rows) {
        w.write(row);
      }
      refs.put(kind, w.finish());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
