package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.GroupMember;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.PartitionLag;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.TopicPartitionRef;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Consumer groups with members and committed offsets, the log start/end offsets of every crawled
 * partition, lag per partition (end − committed) and record counts per topic (Σ end − start).
 * Committed offsets are read before end offsets so a lag is never negative.
 */
final class ConsumerGroupsCrawler {
  /** Group protocol types that are consumer groups; "" is a simple group (offsets only). */
  private static final Set<String> CONSUMER_PROTOCOLS = Set.of("consumer", "");

  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  ConsumerGroupsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
  }

  private record GroupSnapshot(
      ConsumerGroupDescription description,
      GroupListing listing,
      Map<TopicPartition, Long> committed) {}

  PhaseResult crawl(CrawlContext context, ArtifactRef topicsRef, PhaseProgress progress)
      throws IOException, ExecutionException, InterruptedException {
    PhaseRecorder rec = new PhaseRecorder(Phases.CONSUMER_GROUPS);
    TopicFilter filter = new TopicFilter(context.request());

    Map<String, Integer> partitionCounts = new TreeMap<>();
    Map<String, List<Integer>> leaders = new HashMap<>();
    JsonLines.forEach(
        store,
        topicsRef.key(),
        TopicMetadata.class,
        mapper,
        t -> {
          partitionCounts.put(t.name(), t.partitionCount());
          leaders.put(
              t.name(),
              t.partitions().stream().map(p -> p.leader() == null ? -1 : p.leader()).toList());
        });

    List<GroupListing> listings = listConsumerGroups(rec);
    long total = listings.size() + partitionCounts.size();
    List<GroupSnapshot> groups = describeGroups(listings, filter, rec, progress, total);
    reportGrownTopics(partitionCounts, groups, rec);

    Map<TopicPartition, long[]> offsets = logOffsets(partitionCounts, groups, rec);
    Map<TopicPartition, Long> sizes = partitionSizes(leaders, rec);

    Map<String, Integer> groupsPerTopic = new HashMap<>();
    try (JsonLines.Writer<ConsumerGroupMetadata> out =
        JsonLines.writer(store, context.artifactKey(ArtifactKinds.CONSUMER_GROUPS), mapper)) {
      for (GroupSnapshot g : groups) {
        ConsumerGroupMetadata group = toMetadata(g, offsets);
        group.offsets().stream()
            .map(PartitionLag::topic)
            .distinct()
            .forEach(t -> groupsPerTopic.merge(t, 1, Integer::sum));
        out.write(group);
        rec.count("consumerGroups", 1);
        rec.count("committedOffsets", group.offsets().size());
        rec.count("groupMembers", group.members().size());
        if (group.members().isEmpty()) {
          rec.count("groupsWithoutMembers", 1);
        }
      }
      rec.count("consumerGroups", 0);
      rec.artifact(ArtifactKinds.CONSUMER_GROUPS, out.finish());
    }

    try (JsonLines.Writer<TopicStats> out =
        JsonLines.writer(store, context.artifactKey(ArtifactKinds.TOPIC_STATS), mapper)) {
      for (Map.Entry<String, Integer> topic : partitionCounts.entrySet()) {
        out.write(topicStats(topic.getKey(), topic.getValue(), offsets, sizes, groupsPerTopic));
      }
      rec.artifact(ArtifactKinds.TOPIC_STATS, out.finish());
    }
    rec.count("topicStats", partitionCounts.size());
    progress.report(total, total, -1);
    return rec.result();
  }

  private List<GroupListing> listConsumerGroups(PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    Collection<GroupListing> all = admin.listGroups(new ListGroupsOptions()).all().get();
    List<GroupListing> consumers = new ArrayList<>();
    for (GroupListing g : all) {
      boolean consumerType =
          g.type().map(t -> t == GroupType.CLASSIC || t == GroupType.CONSUMER).orElse(true);
      if (consumerType && CONSUMER_PROTOCOLS.contains(g.protocol())) {
        consumers.add(g);
      } else {
        rec.count("otherGroups", 1);
      }
    }
    consumers.sort(Comparator.comparing(GroupListing::groupId));
    return consumers;
  }

  private List<GroupSnapshot> describeGroups(
      List<GroupListing> listings,
      TopicFilter filter,
      PhaseRecorder rec,
      PhaseProgress progress,
      long total)
      throws ExecutionException, InterruptedException {
    List<GroupSnapshot> snapshots = new ArrayList<>();
    int batches = 0;
    long done = 0;
    for (List<GroupListing> batch : Batches.of(listings, KafkaLimits.DESCRIBE_GROUPS_BATCH)) {
      List<String> ids = batch.stream().map(GroupListing::groupId).toList();
      Map<String, KafkaFuture<ConsumerGroupDescription>> described =
          admin.describeConsumerGroups(ids).describedGroups();
      Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
      ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
      var committed = admin.listConsumerGroupOffsets(specs);
      for (GroupListing listing : batch) {
        String id = listing.groupId();
        ConsumerGroupDescription description;
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
          description = described.get(id).get();
          offsets = committed.partitionsToOffsetAndMetadata(id).get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof GroupAuthorizationException) {
            rec.denied("DESCRIBE", "GROUP " + id, "members and offsets of this group are missing");
            continue;
          }
          if (e.getCause() instanceof GroupIdNotFoundException) {
            rec.warn("consumer group " + id + " was deleted during the crawl");
            rec.count("groupsVanished", 1);
            continue;
          }
          throw e;
        }
        Map<TopicPartition, Long> kept = new HashMap<>();
        offsets.forEach(
            (tp, om) -> {
              if (om != null && filter.matchesName(tp.topic())) {
                kept.put(tp, om.offset());
              }
            });
        snapshots.add(new GroupSnapshot(description, listing, kept));
      }
      done += batch.size();
      progress.report(done, total, ++batches);
    }
    return snapshots;
  }

  /**
   * A commit on a partition the topics phase did not see means partitions were added during the
   * crawl: the topic keeps the partition count it was described with, and the summary says so.
   */
  private static void reportGrownTopics(
      Map<String, Integer> partitionCounts, List<GroupSnapshot> groups, PhaseRecorder rec) {
    Map<String, Integer> grown = new TreeMap<>();
    groups.forEach(
        g ->
            g.committed().keySet().stream()
                .filter(tp -> tp.partition() >= partitionCounts.getOrDefault(tp.topic(), 1 << 30))
                .forEach(tp -> grown.merge(tp.topic(), tp.partition() + 1, Math::max)));
    grown.forEach(
        (topic, seen) -> {
          rec.warn(
              "topic "
                  + topic
                  + " grew during the crawl: partitions up to "
                  + (seen - 1)
                  + " have commits, "
                  + partitionCounts.get(topic)
                  + " were described");
          rec.count("topicsGrown", 1);
        });
  }

  /** Start and end offsets of every crawled partition and every partition with a commit. */
  private Map<TopicPartition, long[]> logOffsets(
      Map<String, Integer> partitionCounts, List<GroupSnapshot> groups, PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    Set<TopicPartition> partitions = new HashSet<>();
    partitionCounts.forEach(
        (topic, n) -> {
          for (int p = 0; p < n; p++) {
            partitions.add(new TopicPartition(topic, p));
          }
        });
    groups.forEach(g -> partitions.addAll(g.committed().keySet()));
    Map<TopicPartition, long[]> result = new HashMap<>();
    List<TopicPartition> all = new ArrayList<>(partitions);
    for (List<TopicPartition> batch : Batches.of(all, KafkaLimits.LIST_OFFSETS_BATCH)) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      batch.forEach(
          tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
          });
      var starts = admin.listOffsets(earliest);
      var ends = admin.listOffsets(latest);
      for (TopicPartition tp : batch) {
        try {
          ListOffsetsResultInfo start = starts.partitionResult(tp).get();
          ListOffsetsResultInfo end = ends.partitionResult(tp).get();
          result.put(tp, new long[] {start.offset(), end.offset()});
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            rec.count("partitionsWithoutOffsets", 1);
            continue;
          }
          if (e.getCause() instanceof AuthorizationException) {
            rec.denied("DESCRIBE", "TOPIC " + tp.topic(), "offsets of " + tp + " are missing");
            continue;
          }
          throw e;
        }
      }
    }
    return result;
  }

  /**
   * Bytes on disk of each partition's leader replica, from describeLogDirs. Needs DESCRIBE on the
   * cluster, an optional right: without it sizes are missing, nothing else.
   */
  private Map<TopicPartition, Long> partitionSizes(
      Map<String, List<Integer>> leaders, PhaseRecorder rec)
      throws InterruptedException, ExecutionException {
    Collection<Node> nodes = admin.describeCluster().nodes().get();
    Map<TopicPartition, Long> sizes = new HashMap<>();
    Map<Integer, Map<String, LogDirDescription>> dirs;
    try {
      dirs = admin.describeLogDirs(nodes.stream().map(Node::id).toList()).allDescriptions().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        rec.denied("DESCRIBE", "CLUSTER", "topic sizes (describeLogDirs) are missing");
        return sizes;
      }
      throw e;
    }
    dirs.forEach(
        (broker, byDir) ->
            byDir
                .values()
                .forEach(
                    dir ->
                        dir.replicaInfos()
                            .forEach(
                                (tp, info) -> {
                                  List<Integer> l = leaders.get(tp.topic());
                                  if (l != null
                                      && tp.partition() < l.size()
                                      && l.get(tp.partition()) == broker.intValue()
                                      && !info.isFuture()) {
                                    sizes.put(tp, info.size());
                                  }
                                })));
    return sizes;
  }

  private static ConsumerGroupMetadata toMetadata(
      GroupSnapshot g, Map<TopicPartition, long[]> offsets) {
    ConsumerGroupDescription d = g.description();
    List<GroupMember> members =
        d.members().stream()
            .sorted(Comparator.comparing(MemberDescription::consumerId))
            .map(
                m ->
                    new GroupMember(
                        m.consumerId(),
                        m.groupInstanceId().orElse(null),
                        m.clientId(),
                        m.host(),
                        m.assignment().topicPartitions().stream()
                            .sorted(
                                Comparator.comparing(TopicPartition::topic)
                                    .thenComparing(TopicPartition::partition))
                            .map(tp -> new TopicPartitionRef(tp.topic(), tp.partition()))
                            .toList()))
            .toList();
    List<PartitionLag> lags = new ArrayList<>();
    long totalLag = 0;
    List<TopicPartition> committed = new ArrayList<>(g.committed().keySet());
    committed.sort(
        Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
    for (TopicPartition tp : committed) {
      long offset = g.committed().get(tp);
      long[] log = offsets.get(tp);
      Long end = log == null ? null : log[1];
      Long lag = end == null ? null : Math.max(0, end - offset);
      if (lag != null) {
        totalLag += lag;
      }
      lags.add(new PartitionLag(tp.topic(), tp.partition(), offset, end, lag));
    }
    return new ConsumerGroupMetadata(
        d.groupId(),
        d.groupState() == null ? null : d.groupState().name(),
        d.type() == null ? null : d.type().name(),
        d.partitionAssignor() == null || d.partitionAssignor().isEmpty()
            ? null
            : d.partitionAssignor(),
        d.coordinator() == null ? null : d.coordinator().id(),
        d.isSimpleConsumerGroup(),
        members,
        lags,
        totalLag);
  }

  private static TopicStats topicStats(
      String topic,
      int partitions,
      Map<TopicPartition, long[]> offsets,
      Map<TopicPartition, Long> sizes,
      Map<String, Integer> groupsPerTopic) {
    List<TopicStats.PartitionOffsets> parts = new ArrayList<>(partitions);
    long records = 0;
    long bytes = 0;
    boolean sized = false;
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      long[] log = offsets.get(tp);
      if (log != null) {
        records += Math.max(0, log[1] - log[0]);
      }
      Long size = sizes.get(tp);
      if (size != null) {
        bytes += size;
        sized = true;
      }
      parts.add(
          new TopicStats.PartitionOffsets(
              p, log == null ? null : log[0], log == null ? null : log[1]));
    }
    return new TopicStats(
        topic, records, sized ? bytes : null, groupsPerTopic.getOrDefault(topic, 0), parts);
  }
}
