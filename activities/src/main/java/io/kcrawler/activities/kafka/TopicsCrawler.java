package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.kafka.PartitionMetadata;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.Comparator;
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

/** Topics and partitions: one listTopics, then describeTopics (by topic id) in batches. */
final class TopicsCrawler {
  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  TopicsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
  }

  PhaseResult crawl(CrawlContext context, PhaseProgress progress)
      throws IOException, ExecutionException, InterruptedException {
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
    // By topic id where the broker has ids (every KRaft cluster, ZooKeeper ones since 2.8): a topic
    // deleted and re-created under the same name between list and describe is reported as gone
    // instead of being described as a different topic. Older brokers: by name.
    boolean byId = accepted.stream().allMatch(l -> hasId(l));
    try (JsonLines.Writer<TopicMetadata> out =
        JsonLines.writer(store, context.artifactKey(ArtifactKinds.TOPICS), mapper)) {
      int batches = 0;
      for (List<TopicListing> batch : Batches.of(accepted, KafkaLimits.DESCRIBE_TOPICS_BATCH)) {
        Map<String, KafkaFuture<TopicDescription>> described = null;
        if (byId) {
          described = describeByIds(batch);
          if (described == null) {
            byId = false; // the broker does not describe by id: names from here on
          }
        }
        if (described == null) {
          described =
              admin
                  .describeTopics(
                      TopicCollection.ofTopicNames(batch.stream().map(TopicListing::name).toList()))
                  .topicNameValues();
        }
        for (TopicListing listing : batch) {
          String name = listing.name();
          TopicDescription d;
          try {
            d = described.get(name).get();
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException
                || cause instanceof UnknownTopicIdException) {
              rec.warn(
                  "topic " + name + " was deleted (or re-created) between listing and describing");
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
        batches++;
        progress.report(
            Math.min((long) batches * KafkaLimits.DESCRIBE_TOPICS_BATCH, accepted.size()),
            accepted.size(),
            batches);
      }
      rec.count("topics", 0);
      rec.artifact(ArtifactKinds.TOPICS, out.finish());
    }
    return rec.result();
  }

  private static boolean hasId(TopicListing l) {
    return l.topicId() != null && !Uuid.ZERO_UUID.equals(l.topicId());
  }

  /**
   * Describes {@code batch} by topic id, keyed by name; null when the broker cannot describe by id
   * (UnsupportedVersionException), so the caller falls back to names.
   */
  private Map<String, KafkaFuture<TopicDescription>> describeByIds(List<TopicListing> batch)
      throws InterruptedException, ExecutionException {
    Map<Uuid, KafkaFuture<TopicDescription>> byId =
        admin
            .describeTopics(
                TopicCollection.ofTopicIds(batch.stream().map(TopicListing::topicId).toList()))
            .topicIdValues();
    Map<String, KafkaFuture<TopicDescription>> byName = new HashMap<>();
    for (TopicListing l : batch) {
      KafkaFuture<TopicDescription> f = byId.get(l.topicId());
      if (byName.isEmpty()) {
        // The first answer tells whether the broker speaks ids at all.
        try {
          f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnsupportedVersionException) {
            return null;
          }
        }
      }
      byName.put(l.name(), f);
    }
    return byName;
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
