package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.ChunkedJsonLinesWriter;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.kcrawler.model.kafka.PartitionMetadata;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Topics and partitions: one listTopics, then describeTopics (by topic id) in batches in name
 * order. The artifact is written in checkpointed parts ({@link PhaseCheckpoints}); a retry lists
 * again and describes the topics after the last checkpointed one.
 */
final class TopicsCrawler {
  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final Chunking chunking;

  /** Cleared when the broker turns out not to describe by topic id. */
  private boolean byId = true;

  /** Runs between listing and describing; tests change the cluster there. */
  private Runnable afterListing = () -> {};

  TopicsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this(admin, store, mapper, Chunking.DEFAULT);
  }

  TopicsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper, Chunking chunking) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
    this.chunking = chunking;
  }

  PhaseResult crawl(CrawlContext context, PhaseProgress progress, PhaseResume resume)
      throws IOException, ExecutionException, InterruptedException {
    String key = context.artifactKey(ArtifactKinds.TOPICS);
    PhaseCheckpoints checkpoints =
        PhaseCheckpoints.open(store, key, resume, chunking.checkpointInterval());
    PhaseRecorder rec = new PhaseRecorder(Phases.TOPICS);
    TopicFilter filter = new TopicFilter(context.request());
    Map<String, TopicListing> listed =
        admin.listTopics(new ListTopicsOptions().listInternal(true)).namesToListings().get();
    List<TopicListing> accepted =
        listed.values().stream()
            .filter(l -> filter.accepts(l.name(), l.isInternal()))
            .sorted(Comparator.comparing(TopicListing::name))
            .toList();
    rec.count("topicsListed", listed.size());
    afterListing.run();
    // Topics created or deleted since the last attempt are picked up or dropped after its last
    // checkpointed topic, as if this attempt had listed them then.
    String after = checkpoints.resumed() == null ? null : checkpoints.resumed().lastKey();
    List<TopicListing> remaining =
        after == null
            ? accepted
            : accepted.stream().filter(l -> l.name().compareTo(after) > 0).toList();
    PhaseRecorder described = checkpoints.recorder(Phases.TOPICS);
    try (ChunkedJsonLinesWriter<TopicMetadata> out = checkpoints.writer(mapper)) {
      int batches = checkpoints.batches();
      long done = checkpoints.done();
      long total = done + remaining.size();
      List<List<TopicListing>> chunks = Batches.of(remaining, chunking.describeTopicsBatch());
      // KafkaLimits.IN_FLIGHT chunks are asked for before the oldest answer is written out, so the
      // broker describes the next chunk while this thread converts and writes the previous one.
      Deque<Pending> window = new ArrayDeque<>();
      int sent = 0;
      for (int i = 0; i < chunks.size(); i++) {
        while (sent < chunks.size() && window.size() < KafkaLimits.IN_FLIGHT) {
          window.addLast(send(chunks.get(sent++)));
        }
        List<TopicListing> batch = chunks.get(i);
        write(window.removeFirst(), out, described);
        done += batch.size();
        batches++;
        if (i < chunks.size() - 1 && checkpoints.due()) {
          checkpoints.taken(
              new Checkpoint(
                  batches,
                  done,
                  batch.get(batch.size() - 1).name(),
                  out.checkpoint(),
                  described.result()));
        }
        progress.report(done, total, batches, checkpoints.last());
      }
      described.count("topics", 0);
      rec.merge(described);
      rec.artifact(ArtifactKinds.TOPICS, out.finish());
    }
    return rec.result();
  }

  /** One chunk's describeTopics, asked for and not yet written; {@code byId} says how. */
  private record Pending(
      List<TopicListing> batch, boolean byId, Map<String, KafkaFuture<TopicDescription>> results) {}

  /**
   * Asks for {@code batch} by topic id where every topic has one and the broker allows it (every
   * KRaft cluster, ZooKeeper ones since 2.8): a topic deleted and re-created under the same name
   * between list and describe is then reported as gone instead of being described as a different
   * topic. Brokers without ids: by name.
   */
  private Pending send(List<TopicListing> batch) {
    if (byId && batch.stream().allMatch(TopicsCrawler::hasId)) {
      Map<Uuid, KafkaFuture<TopicDescription>> byIds =
          admin
              .describeTopics(
                  TopicCollection.ofTopicIds(batch.stream().map(TopicListing::topicId).toList()))
              .topicIdValues();
      Map<String, KafkaFuture<TopicDescription>> byName = new HashMap<>();
      batch.forEach(l -> byName.put(l.name(), byIds.get(l.topicId())));
      return new Pending(batch, true, byName);
    }
    return new Pending(
        batch,
        false,
        admin
            .describeTopics(
                TopicCollection.ofTopicNames(batch.stream().map(TopicListing::name).toList()))
            .topicNameValues());
  }

  private void write(Pending chunk, ChunkedJsonLinesWriter<TopicMetadata> out, PhaseRecorder rec)
      throws IOException, ExecutionException, InterruptedException {
    if (chunk.byId() && !describesById(chunk)) {
      // Brokers before topic-id support (Kafka < 2.8 / 3.1): this chunk, and every chunk after
      // it, is asked for again by name.
      byId = false;
      chunk = send(chunk.batch());
    }
    Map<String, KafkaFuture<TopicDescription>> described = chunk.results();
    for (TopicListing listing : chunk.batch()) {
      String name = listing.name();
      TopicDescription d;
      try {
        d = described.get(name).get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnknownTopicOrPartitionException
            || cause instanceof UnknownTopicIdException) {
          rec.warn("topic " + name + " was deleted (or re-created) between listing and describing");
          rec.count("topicsVanished", 1);
          continue;
        }
        if (cause instanceof TopicAuthorizationException) {
          rec.denied("DESCRIBE", "TOPIC " + name, "partitions of this topic are missing");
          continue;
        }
        throw e;
      }
      TopicMetadata topic = toMetadata(d);
      out.write(topic);
      rec.count("topics", 1);
      rec.count("partitions", topic.partitionCount());
      rec.count("underReplicatedPartitions", topic.underReplicatedPartitions());
      rec.count("offlinePartitions", topic.offlinePartitions());
      if (topic.internal()) {
        rec.count("internalTopics", 1);
      }
    }
  }

  /** For tests: {@code hook} runs after listTopics, before the first describeTopics. */
  TopicsCrawler afterListing(Runnable hook) {
    this.afterListing = hook;
    return this;
  }

  private static boolean hasId(TopicListing l) {
    return l.topicId() != null && !Uuid.ZERO_UUID.equals(l.topicId());
  }

  /** Whether the broker answered a by-id chunk at all: the first answer tells. */
  private static boolean describesById(Pending chunk) throws InterruptedException {
    KafkaFuture<TopicDescription> first = chunk.results().get(chunk.batch().get(0).name());
    try {
      first.get();
      return true;
    } catch (ExecutionException e) {
      return !(e.getCause() instanceof UnsupportedVersionException);
    }
  }

  static TopicMetadata toMetadata(TopicDescription d) {
    List<PartitionMetadata> partitions =
        d.partitions().stream().map(TopicsCrawler::partition).toList();
    int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
    int under = (int) partitions.stream().filter(PartitionMetadata::underReplicated).count();
    int offline = (int) partitions.stream().filter(PartitionMetadata::offline).count();
    return new TopicMetadata(
        d.name(),
        d.topicId() == null ? null : d.topicId().toString(),
        d.isInternal(),
        partitions.size(),
        rf,
        under,
        offline,
        partitions);
  }

  private static PartitionMetadata partition(TopicPartitionInfo p) {
    Integer leader = p.leader() == null || p.leader().isEmpty() ? null : p.leader().id();
    List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
    List<Integer> isr = p.isr().stream().map(Node::id).toList();
    return new PartitionMetadata(
        p.partition(), leader, replicas, isr, isr.size() < replicas.size(), leader == null);
  }
}
