package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.ChunkedJsonLinesWriter;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.activities.confluentcloud.TopicMetrics;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.GroupMember;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.PartitionLag;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.TopicPartitionRef;
import io.kcrawler.model.kafka.TopicActivity;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.kafka.TopicStats;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
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
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Consumer groups with members and committed offsets, the log start/end offsets of every crawled
 * partition, lag per partition (end − committed) and record counts per topic (Σ end − start). End
 * offsets behind a commit read meanwhile are read again, so a lag is never negative.
 *
 * <p>Topic sizes come from describeLogDirs, or with a {@code confluentCloud} block from Confluent
 * Cloud's Metrics API, with each topic's traffic over the last 24 hours ({@link TopicMetrics}):
 * Confluent Cloud refuses describeLogDirs to every key, so it is not asked then. The API's queries
 * run beside the group calls.
 *
 * <p>Describing the groups is the long part: the described groups are checkpointed in parts of an
 * intermediate artifact ({@link PhaseCheckpoints}), so a retry describes only the groups after the
 * last checkpointed one. The steps after it (listOffsets, describeLogDirs, writing the artifacts)
 * run again in full.
 */
final class ConsumerGroupsCrawler {
  /** Group protocol types that are consumer groups; "" is a simple group (offsets only). */
  private static final Set<String> CONSUMER_PROTOCOLS = Set.of("consumer", "");

  /** Where described groups wait, without lag, until the phase has read the end offsets. */
  static final String DESCRIBED_GROUPS = "consumer-groups-described.jsonl";

  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final Chunking chunking;
  private final TopicMetrics metrics;

  /** Runs once the early end offsets were asked for; tests produce and commit there. */
  private java.util.function.Consumer<ListOffsetsResult> afterEndOffsetsAsked = ends -> {};

  ConsumerGroupsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this(admin, store, mapper, Chunking.DEFAULT);
  }

  ConsumerGroupsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper, Chunking chunking) {
    this(admin, store, mapper, chunking, null);
  }

  /** With {@code metrics} non-null, sizes and activity come from Confluent Cloud's Metrics API. */
  ConsumerGroupsCrawler(
      Admin admin,
      ArtifactStore store,
      ObjectMapper mapper,
      Chunking chunking,
      TopicMetrics metrics) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
    this.chunking = chunking;
    this.metrics = metrics;
  }

  PhaseResult crawl(
      CrawlContext context, ArtifactRef topicsRef, PhaseProgress progress, PhaseResume resume)
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

    // Independent of the groups, so asked for now and read when the groups are done: log start and
    // end offsets of every crawled partition (one listOffsets per spec) and the replicas' sizes on
    // disk. An end offset read before a group's commit can be behind it; those few partitions are
    // read again after the commits (logOffsets), so a lag is never negative.
    // A partition without a leader (offline: every replica's broker is down) has no offsets to
    // give, and the Admin client would wait for a leader until its timeout, past the activity's
    // heartbeat: it is left out and reported.
    Map<TopicPartition, OffsetSpec> crawled = new HashMap<>();
    Map<TopicPartition, OffsetSpec> crawledEnds = new HashMap<>();
    Set<TopicPartition> offline = new HashSet<>();
    partitionCounts.forEach(
        (topic, n) -> {
          List<Integer> leaderOf = leaders.get(topic);
          for (int p = 0; p < n; p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            if (leaderOf != null && p < leaderOf.size() && leaderOf.get(p) < 0) {
              offline.add(tp);
              continue;
            }
            crawled.put(tp, OffsetSpec.earliest());
            crawledEnds.put(tp, OffsetSpec.latest());
          }
        });
    reportOffline(offline, rec);
    ListOffsetsResult starts = crawled.isEmpty() ? null : admin.listOffsets(crawled);
    ListOffsetsResult ends = crawled.isEmpty() ? null : admin.listOffsets(crawledEnds);
    afterEndOffsetsAsked.accept(ends);
    TopicMetrics.Fetch cloud = metrics == null ? null : metrics.start(partitionCounts.keySet());
    // Closing stops the API's queries when the phase fails before it waited for them.
    try (cloud) {
      CompletableFuture<Map<Integer, Map<String, LogDirDescription>>> logDirs =
          cloud != null
              ? null
              : admin
                  .describeCluster()
                  .nodes()
                  .toCompletionStage()
                  .thenCompose(
                      nodes ->
                          admin
                              .describeLogDirs(nodes.stream().map(Node::id).toList())
                              .allDescriptions()
                              .toCompletionStage())
                  .toCompletableFuture();

      PhaseCheckpoints checkpoints =
          PhaseCheckpoints.open(
              store, context.artifactKey(DESCRIBED_GROUPS), resume, chunking.checkpointInterval());
      List<GroupListing> listings = listConsumerGroups(rec);
      long total = listings.size() + partitionCounts.size();
      try (ChunkedJsonLinesWriter<ConsumerGroupMetadata> described = checkpoints.writer(mapper)) {
        List<ConsumerGroupMetadata> groups =
            describeGroups(listings, filter, checkpoints, described, rec, progress, total);
        reportGrownTopics(partitionCounts, groups, rec);

        Map<TopicPartition, long[]> offsets =
            logOffsets(crawled.keySet(), offline, starts, ends, groups, rec);
        Map<TopicPartition, Long> sizes =
            logDirs == null ? Map.of() : partitionSizes(leaders, logDirs, rec);
        TopicMetrics.Result fromApi = cloud == null ? null : record(cloud.await(), rec);

        Map<String, Integer> groupsPerTopic = new HashMap<>();
        try (JsonLines.Writer<ConsumerGroupMetadata> out =
            JsonLines.writer(store, context.artifactKey(ArtifactKinds.CONSUMER_GROUPS), mapper)) {
          for (ConsumerGroupMetadata g : groups) {
            ConsumerGroupMetadata group = withLags(g, offsets);
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
            out.write(
                topicStats(
                    topic.getKey(), topic.getValue(), offsets, sizes, fromApi, groupsPerTopic));
          }
          rec.artifact(ArtifactKinds.TOPIC_STATS, out.finish());
        }
        described.discard();
      }
      rec.count("topicStats", partitionCounts.size());
      progress.report(total, total, -1, null);
      return rec.result();
    }
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

  /**
   * Describes the groups and reads their committed offsets in batches, after the groups of the
   * checkpoint it resumes from (read back from its parts). Adds what it records to {@code rec}.
   */
  private List<ConsumerGroupMetadata> describeGroups(
      List<GroupListing> listings,
      TopicFilter filter,
      PhaseCheckpoints checkpoints,
      ChunkedJsonLinesWriter<ConsumerGroupMetadata> parts,
      PhaseRecorder rec,
      PhaseProgress progress,
      long total)
      throws IOException, ExecutionException, InterruptedException {
    List<ConsumerGroupMetadata> groups = new ArrayList<>();
    Checkpoint from = checkpoints.resumed();
    String after = from == null ? null : from.lastKey();
    if (from != null) {
      for (String part : from.parts()) {
        JsonLines.forEach(store, part, ConsumerGroupMetadata.class, mapper, groups::add);
      }
    }
    // Groups created or deleted since the last attempt are picked up or dropped after its last
    // checkpointed group, as if this attempt had listed them then.
    List<GroupListing> remaining =
        after == null
            ? listings
            : listings.stream().filter(l -> l.groupId().compareTo(after) > 0).toList();
    PhaseRecorder described = checkpoints.recorder(Phases.CONSUMER_GROUPS);
    int saved = groups.size();
    int batches = checkpoints.batches();
    long done = checkpoints.done();
    // KafkaLimits.IN_FLIGHT chunks are asked for before the oldest answer is processed, so the
    // coordinators work on the next chunk while this thread handles the previous one.
    List<List<GroupListing>> chunks = Batches.of(remaining, chunking.describeGroupsBatch());
    Deque<PendingGroups> window = new ArrayDeque<>();
    int sent = 0;
    for (int c = 0; c < chunks.size(); c++) {
      while (sent < chunks.size() && window.size() < KafkaLimits.IN_FLIGHT) {
        window.addLast(send(chunks.get(sent++)));
      }
      PendingGroups pending = window.removeFirst();
      List<String> ids = pending.ids();
      for (String id : ids) {
        ConsumerGroupDescription description;
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
          description = pending.descriptions().get(id).get();
          offsets = pending.committed().partitionsToOffsetAndMetadata(id).get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof GroupAuthorizationException) {
            described.denied(
                "DESCRIBE", "GROUP " + id, "members and offsets of this group are missing");
            continue;
          }
          if (e.getCause() instanceof GroupIdNotFoundException) {
            described.warn("consumer group " + id + " was deleted during the crawl");
            described.count("groupsVanished", 1);
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
        groups.add(described(description, kept));
      }
      done += ids.size();
      batches++;
      // Also after the last batch: listOffsets and describeLogDirs follow, and may fail.
      if (checkpoints.due()) {
        for (ConsumerGroupMetadata g : groups.subList(saved, groups.size())) {
          parts.write(g);
        }
        saved = groups.size();
        checkpoints.taken(
            new Checkpoint(
                batches, done, ids.get(ids.size() - 1), parts.checkpoint(), described.result()));
      }
      progress.report(done, total, batches, checkpoints.last());
    }
    rec.merge(described);
    return groups;
  }

  /** For tests: {@code hook} runs right after the early end offsets were asked for. */
  ConsumerGroupsCrawler afterEndOffsetsAsked(java.util.function.Consumer<ListOffsetsResult> hook) {
    this.afterEndOffsetsAsked = hook;
    return this;
  }

  /** One chunk's describeConsumerGroups and listConsumerGroupOffsets, sent, not yet read. */
  private record PendingGroups(
      List<String> ids,
      Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions,
      ListConsumerGroupOffsetsResult committed) {}

  private PendingGroups send(List<GroupListing> batch) {
    List<String> ids = batch.stream().map(GroupListing::groupId).toList();
    Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
    ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
    return new PendingGroups(
        ids,
        admin.describeConsumerGroups(ids).describedGroups(),
        admin.listConsumerGroupOffsets(specs));
  }

  /**
   * A commit on a partition the topics phase did not see means partitions were added during the
   * crawl: the topic keeps the partition count it was described with, and the summary says so.
   */
  private static void reportGrownTopics(
      Map<String, Integer> partitionCounts, List<ConsumerGroupMetadata> groups, PhaseRecorder rec) {
    Map<String, Integer> grown = new TreeMap<>();
    groups.forEach(
        g ->
            g.offsets().stream()
                .filter(c -> c.partition() >= partitionCounts.getOrDefault(c.topic(), 1 << 30))
                .forEach(c -> grown.merge(c.topic(), c.partition() + 1, Math::max)));
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

  /**
   * Start and end offsets of every crawled partition and every partition with a commit. Those of
   * the crawled partitions were asked for at the start ({@code starts}, {@code ends}: one
   * listOffsets per spec, split per leader by the client); here, after the commits were read, one
   * more listOffsets per spec covers partitions with commits outside the crawl, and the end offsets
   * that turned out to be behind a commit (records were produced and consumed meanwhile) are read
   * again, so end ≥ committed and a lag is never negative.
   */
  private Map<TopicPartition, long[]> logOffsets(
      Set<TopicPartition> crawled,
      Set<TopicPartition> offline,
      ListOffsetsResult starts,
      ListOffsetsResult ends,
      List<ConsumerGroupMetadata> groups,
      PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, long[]> result = new HashMap<>();
    for (TopicPartition tp : crawled) {
      long[] offsets = read(tp, starts, ends, rec);
      if (offsets != null) {
        result.put(tp, offsets);
      }
    }
    Map<TopicPartition, OffsetSpec> extraEarliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latestAgain = new HashMap<>();
    groups.forEach(
        g ->
            g.offsets()
                .forEach(
                    c -> {
                      TopicPartition tp = new TopicPartition(c.topic(), c.partition());
                      long[] known = result.get(tp);
                      if (offline.contains(tp)) {
                        return; // no leader to ask: its lag stays unknown
                      }
                      if (!crawled.contains(tp)) {
                        extraEarliest.put(tp, OffsetSpec.earliest());
                        latestAgain.put(tp, OffsetSpec.latest());
                      } else if (known != null && known[1] < c.committedOffset()) {
                        latestAgain.put(tp, OffsetSpec.latest());
                      }
                    }));
    if (latestAgain.isEmpty()) {
      return result;
    }
    rec.count("endOffsetsReadAgain", latestAgain.size() - extraEarliest.size());
    ListOffsetsResult againEnds = admin.listOffsets(latestAgain);
    ListOffsetsResult extraStarts =
        extraEarliest.isEmpty() ? null : admin.listOffsets(extraEarliest);
    for (TopicPartition tp : latestAgain.keySet()) {
      if (crawled.contains(tp)) {
        long[] known = result.get(tp);
        long[] again = read(tp, starts, againEnds, rec);
        if (again != null) {
          known[1] = again[1];
        }
      } else {
        long[] offsets = read(tp, extraStarts, againEnds, rec);
        if (offsets != null) {
          result.put(tp, offsets);
        }
      }
    }
    return result;
  }

  /** Counts the partitions left out for want of a leader, and says what is missing. */
  private static void reportOffline(Set<TopicPartition> offline, PhaseRecorder rec) {
    if (offline.isEmpty()) {
      return;
    }
    rec.count("offlinePartitions", offline.size());
    List<String> named =
        offline.stream().map(TopicPartition::toString).sorted().limit(OFFLINE_NAMED).toList();
    rec.note(
        offline.size()
            + " partition(s) had no leader when the topics were described (offline: "
            + String.join(", ", named)
            + (offline.size() > named.size() ? ", …" : "")
            + "): their record counts and the lag of commits on them are missing");
  }

  /** Offline partitions named in the note; the count covers all of them. */
  private static final int OFFLINE_NAMED = 10;

  /** {start, end} of {@code tp}, or null (and recorded why) when the broker has none for it. */
  private static long[] read(
      TopicPartition tp, ListOffsetsResult starts, ListOffsetsResult ends, PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    try {
      ListOffsetsResultInfo start = starts.partitionResult(tp).get();
      ListOffsetsResultInfo end = ends.partitionResult(tp).get();
      return new long[] {start.offset(), end.offset()};
    } catch (ExecutionException e) {
      // Deleted since the topics phase, or lost its leader since: nothing to read, and the rest
      // of the crawl stands.
      if (e.getCause() instanceof UnknownTopicOrPartitionException
          || e.getCause() instanceof LeaderNotAvailableException) {
        rec.count("partitionsWithoutOffsets", 1);
        return null;
      }
      if (e.getCause() instanceof AuthorizationException) {
        rec.denied("DESCRIBE", "TOPIC " + tp.topic(), "offsets of " + tp + " are missing");
        return null;
      }
      throw e;
    }
  }

  /**
   * Bytes on disk of each partition's leader replica, from describeLogDirs. Needs DESCRIBE on the
   * cluster, an optional right: without it sizes are missing, nothing else.
   */
  private static Map<TopicPartition, Long> partitionSizes(
      Map<String, List<Integer>> leaders,
      CompletableFuture<Map<Integer, Map<String, LogDirDescription>>> logDirs,
      PhaseRecorder rec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, Long> sizes = new HashMap<>();
    Map<Integer, Map<String, LogDirDescription>> dirs;
    try {
      dirs = logDirs.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof AuthorizationException) {
        rec.denied("DESCRIBE", "CLUSTER", "topic sizes (describeLogDirs) are missing");
        return sizes;
      }
      throw new ExecutionException(cause);
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

  /** Adds what the Metrics API reported to the phase's result; returns {@code result}. */
  private static TopicMetrics.Result record(TopicMetrics.Result result, PhaseRecorder rec) {
    rec.count("metricsApiRequests", result.requests());
    rec.count("topicsSizedByMetricsApi", result.sizes().size());
    rec.count("topicsUnknownToMetricsApi", result.unknownTopics());
    rec.count("idleTopics", result.idleTopics());
    result.denied().forEach(d -> rec.denied(d.operation(), d.resource(), d.consequence()));
    result.warnings().forEach(rec::warn);
    return result;
  }

  /** A described group with its committed offsets, sorted; end offsets and lag come later. */
  private static ConsumerGroupMetadata described(
      ConsumerGroupDescription d, Map<TopicPartition, Long> committed) {
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
    List<PartitionLag> offsets =
        committed.entrySet().stream()
            .sorted(
                Map.Entry.comparingByKey(
                    Comparator.comparing(TopicPartition::topic)
                        .thenComparing(TopicPartition::partition)))
            .map(
                e ->
                    new PartitionLag(
                        e.getKey().topic(), e.getKey().partition(), e.getValue(), null, null))
            .toList();
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
        offsets,
        0);
  }

  /** {@code g} with the log-end offset and lag of each committed partition. */
  private static ConsumerGroupMetadata withLags(
      ConsumerGroupMetadata g, Map<TopicPartition, long[]> offsets) {
    List<PartitionLag> lags = new ArrayList<>(g.offsets().size());
    long totalLag = 0;
    for (PartitionLag c : g.offsets()) {
      long[] log = offsets.get(new TopicPartition(c.topic(), c.partition()));
      Long end = log == null ? null : log[1];
      Long lag = end == null ? null : Math.max(0, end - c.committedOffset());
      if (lag != null) {
        totalLag += lag;
      }
      lags.add(new PartitionLag(c.topic(), c.partition(), c.committedOffset(), end, lag));
    }
    return new ConsumerGroupMetadata(
        g.groupId(),
        g.state(),
        g.type(),
        g.protocol(),
        g.coordinator(),
        g.simple(),
        g.members(),
        lags,
        totalLag);
  }

  private static TopicStats topicStats(
      String topic,
      int partitions,
      Map<TopicPartition, long[]> offsets,
      Map<TopicPartition, Long> sizes,
      TopicMetrics.Result fromApi,
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
    Long size = sized ? bytes : null;
    String source = sized ? TopicStats.FROM_LOG_DIRS : null;
    TopicActivity activity = null;
    if (fromApi != null) {
      size = fromApi.sizes().get(topic);
      source = size == null ? null : TopicStats.FROM_METRICS_API;
      activity = fromApi.activity().get(topic);
    }
    return new TopicStats(
        topic, records, size, groupsPerTopic.getOrDefault(topic, 0), parts, source, activity);
  }
}
