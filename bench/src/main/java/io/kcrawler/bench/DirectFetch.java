package io.kcrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.schemaregistry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The same data as a crawl, fetched without Temporal, transform or output: {@link #floor} with the
 * bare batched calls (independent fetches concurrently), {@link #perEntity} one call per topic
 * config, per group's offsets and per subject, one after another, as most peer connectors do. With
 * {@code levels}, both also read each subject's compatibility level (one GET per subject: the
 * registry has no bulk endpoint for them), under the crawler's default reads-per-second quota.
 */
final class DirectFetch {
  /** What was fetched, to check that every column read the same cluster. */
  record Fetched(
      long topics,
      long partitions,
      long configs,
      long groups,
      long offsets,
      long subjects,
      long levels,
      long registryMillis) {
    @Override
    public String toString() {
      return String.format(
          "%d topics, %d partitions, %d configs, %d groups, %d committed offsets, %d subjects"
              + "%s",
          topics,
          partitions,
          configs,
          groups,
          offsets,
          subjects,
          levels < 0 ? "" : ", " + levels + " subject compatibility levels");
    }
  }

  /** Page size of {@code GET /schemas}, as in the crawler. */
  private static final int SCHEMAS_PAGE = 1000;

  /**
   * Compatibility reads in flight in the floor: enough to use the whole quota at +25 ms each way (8
   * × 1/50 ms = 160/s > 75/s), so the floor is bound by the quota alone.
   */
  private static final int LEVEL_THREADS = 8;

  private final Properties client;
  private final String registryUrl;

  /** The crawler's own default, so the floor plays by the same quota. */
  private final double registryRps = SchemaRegistryClient.DEFAULT_REQUESTS_PER_SECOND;

  /** Topic configs per describeConfigs call of the floor (all chunks sent at once). */
  private final int configChunk;

  /** A floor that asks for every topic's config in one call. */
  DirectFetch(Properties client, String registryUrl) {
    this(client, registryUrl, Integer.MAX_VALUE);
  }

  /**
   * A floor that asks for topic configs {@code configChunk} at a time, all chunks at once: at 50k
   * topics one answer would be ~100 MB for one broker to build.
   */
  DirectFetch(Properties client, String registryUrl, int configChunk) {
    this.client = client;
    this.registryUrl = registryUrl;
    this.configChunk = configChunk;
  }

  /** (b) Batched calls, independent ones concurrently. */
  Fetched floor(boolean levels) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    ExecutorService levelPool = Executors.newFixedThreadPool(LEVEL_THREADS);
    try (Admin admin = Admin.create(client)) {
      Registry registry = new Registry(registryUrl, registryRps);
      long t0 = System.nanoTime();
      List<String> names = topicNames(admin);
      System.out.printf("  (b) listTopics done at %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      CompletableFuture<long[]> topicsAndOffsets =
          CompletableFuture.supplyAsync(
              () -> {
                Map<String, TopicDescription> described =
                    get(admin.describeTopics(TopicCollection.ofTopicNames(names)).allTopicNames());
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                described
                    .values()
                    .forEach(
                        d ->
                            d.partitions()
                                .forEach(
                                    p -> {
                                      TopicPartition tp =
                                          new TopicPartition(d.name(), p.partition());
                                      earliest.put(tp, OffsetSpec.earliest());
                                      latest.put(tp, OffsetSpec.latest());
                                    }));
                var starts = admin.listOffsets(earliest).all();
                var ends = admin.listOffsets(latest).all();
                get(starts);
                get(ends);
                Collection<Node> nodes = get(admin.describeCluster().nodes());
                get(admin.describeLogDirs(nodes.stream().map(Node::id).toList()).allDescriptions());
                return new long[] {described.size(), earliest.size()};
              },
              pool);
      CompletableFuture<Integer> configs =
          CompletableFuture.supplyAsync(
              () -> {
                List<ConfigResource> resources = new ArrayList<>();
                names.forEach(n -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, n)));
                List<org.apache.kafka.common.KafkaFuture<Map<ConfigResource, Config>>> chunks =
                    new ArrayList<>();
                for (int i = 0; i < resources.size(); i += configChunk) {
                  chunks.add(
                      admin
                          .describeConfigs(
                              resources.subList(
                                  i, (int) Math.min(resources.size(), (long) i + configChunk)),
                              new DescribeConfigsOptions().includeSynonyms(false))
                          .all());
                }
                Map<ConfigResource, Config> all = new HashMap<>();
                chunks.forEach(f -> all.putAll(get(f)));
                Collection<Node> nodes = get(admin.describeCluster().nodes());
                get(
                    admin
                        .describeConfigs(
                            nodes.stream()
                                .map(
                                    n ->
                                        new ConfigResource(
                                            ConfigResource.Type.BROKER, String.valueOf(n.id())))
                                .toList())
                        .all());
                return all.size();
              },
              pool);
      CompletableFuture<long[]> groups =
          CompletableFuture.supplyAsync(
              () -> {
                List<String> ids = groupIds(admin);
                Map<String, ConsumerGroupDescription> described =
                    get(admin.describeConsumerGroups(ids).all());
                Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
                ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
                Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
                    get(admin.listConsumerGroupOffsets(specs).all());
                return new long[] {
                  described.size(), offsets.values().stream().mapToLong(Map::size).sum()
                };
              },
              pool);
      CompletableFuture<long[]> subjects =
          CompletableFuture.supplyAsync(
              () -> {
                long r0 = System.nanoTime();
                registry.get("config");
                JsonNode listed = registry.get("subjects");
                int entries = 0;
                for (int offset = 0; ; offset += SCHEMAS_PAGE) {
                  JsonNode page =
                      registry.get("schemas?offset=" + offset + "&limit=" + SCHEMAS_PAGE);
                  entries += page.size();
                  if (page.size() < SCHEMAS_PAGE) {
                    break;
                  }
                }
                long read = -1;
                if (levels) {
                  List<CompletableFuture<Boolean>> each = new ArrayList<>();
                  for (JsonNode subject : listed) {
                    each.add(
                        CompletableFuture.supplyAsync(
                            () -> level(registry, subject.asText()), levelPool));
                  }
                  read = each.stream().filter(CompletableFuture::join).count();
                }
                return new long[] {
                  Math.min(listed.size(), entries), read, (System.nanoTime() - r0) / 1_000_000
                };
              },
              pool);
      timed("topics+offsets", t0, topicsAndOffsets);
      timed("configs", t0, configs);
      timed("groups", t0, groups);
      timed("subjects", t0, subjects);
      long[] t = topicsAndOffsets.get();
      long[] g = groups.get();
      long[] s = subjects.get();
      return new Fetched(t[0], t[1], configs.get(), g[0], g[1], s[0], s[1], s[2]);
    } finally {
      pool.shutdownNow();
      levelPool.shutdownNow();
    }
  }

  /** {@code GET /config/{subject}}: true when the subject has a level of its own. */
  private static boolean level(Registry registry, String subject) {
    return registry.find("config/" + Registry.segment(subject)).isPresent();
  }

  private static void timed(String what, long t0, CompletableFuture<?> f) {
    f.thenRun(
        () ->
            System.out.printf(
                "  (b) %s done at %d ms%n", what, (System.nanoTime() - t0) / 1_000_000));
  }

  /**
   * (c) One describeConfigs per topic, one offsets fetch per group, one GET per subject (and one
   * more for its level with {@code levels}).
   */
  Fetched perEntity(boolean levels) throws Exception {
    try (Admin admin = Admin.create(client)) {
      Registry registry = new Registry(registryUrl, registryRps);
      List<String> names = topicNames(admin);
      Map<String, TopicDescription> described =
          get(admin.describeTopics(TopicCollection.ofTopicNames(names)).allTopicNames());
      long configs = 0;
      for (String name : names) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, name);
        configs += get(admin.describeConfigs(List.of(r)).all()).size();
      }
      Collection<Node> nodes = get(admin.describeCluster().nodes());
      for (Node n : nodes) {
        get(
            admin
                .describeConfigs(
                    List.of(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(n.id()))))
                .all());
      }
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      described
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(
                          p -> {
                            TopicPartition tp = new TopicPartition(d.name(), p.partition());
                            earliest.put(tp, OffsetSpec.earliest());
                            latest.put(tp, OffsetSpec.latest());
                          }));
      get(admin.listOffsets(earliest).all());
      get(admin.listOffsets(latest).all());
      get(admin.describeLogDirs(nodes.stream().map(Node::id).toList()).allDescriptions());
      List<String> ids = groupIds(admin);
      long groups = get(admin.describeConsumerGroups(ids).all()).size();
      long offsets = 0;
      for (String id : ids) {
        offsets += get(admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata()).size();
      }
      long r0 = System.nanoTime();
      registry.get("config");
      JsonNode subjectList = registry.get("subjects");
      long subjects = 0;
      long read = levels ? 0 : -1;
      for (JsonNode subject : subjectList) {
        registry.get("subjects/" + Registry.segment(subject.asText()) + "/versions/latest");
        subjects++;
        if (levels && level(registry, subject.asText())) {
          read++;
        }
      }
      return new Fetched(
          described.size(),
          earliest.size(),
          configs,
          groups,
          offsets,
          subjects,
          read,
          (System.nanoTime() - r0) / 1_000_000);
    }
  }

  private static List<String> topicNames(Admin admin) {
    return get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()).stream()
        .sorted()
        .toList();
  }

  private static List<String> groupIds(Admin admin) {
    return get(admin.listGroups(new ListGroupsOptions()).all()).stream()
        .map(GroupListing::groupId)
        .sorted()
        .toList();
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
