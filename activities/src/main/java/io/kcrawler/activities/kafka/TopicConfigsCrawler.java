package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.ChunkedJsonLinesWriter;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Every config key of every crawled topic, via describeConfigs in batches. The artifact is written
 * in checkpointed parts ({@link PhaseCheckpoints}): a retry skips the topics of the batches its
 * previous attempt made durable and goes on with the counts they produced.
 */
final class TopicConfigsCrawler {
  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final Chunking chunking;

  TopicConfigsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this(admin, store, mapper, Chunking.DEFAULT);
  }

  TopicConfigsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper, Chunking chunking) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
    this.chunking = chunking;
  }

  PhaseResult crawl(
      CrawlContext context, ArtifactRef topics, PhaseProgress progress, PhaseResume resume)
      throws IOException, ExecutionException, InterruptedException {
    String key = context.artifactKey(ArtifactKinds.TOPIC_CONFIGS);
    PhaseCheckpoints checkpoints =
        PhaseCheckpoints.open(store, key, resume, chunking.checkpointInterval());
    PhaseRecorder rec = checkpoints.recorder(Phases.TOPIC_CONFIGS);
    int size = chunking.describeConfigsBatch();
    try (ChunkedJsonLinesWriter<TopicConfigs> out = checkpoints.writer(mapper);
        JsonLines.CloseableIterator<TopicMetadata> it =
            JsonLines.iterate(store, topics.key(), TopicMetadata.class, mapper)) {
      // The topics artifact of a run does not change: the checkpointed topics are its first ones.
      long done = 0;
      for (; done < checkpoints.done() && it.hasNext(); done++) {
        it.next();
      }
      int batches = checkpoints.batches();
      // KafkaLimits.IN_FLIGHT chunks are asked for before the oldest answer is written out, so the
      // broker works on the next chunk while this thread converts and writes the previous one.
      Deque<Pending> window = new ArrayDeque<>();
      while (it.hasNext() || !window.isEmpty()) {
        while (window.size() < KafkaLimits.IN_FLIGHT && it.hasNext()) {
          List<String> batch = new ArrayList<>(size);
          while (batch.size() < size && it.hasNext()) {
            batch.add(it.next().name());
          }
          window.addLast(send(batch));
        }
        Pending oldest = window.removeFirst();
        write(oldest, out, rec);
        done += oldest.resources().size();
        batches++;
        if ((it.hasNext() || !window.isEmpty()) && checkpoints.due()) {
          checkpoints.taken(new Checkpoint(batches, done, null, out.checkpoint(), rec.result()));
        }
        progress.report(done, topics.records(), batches, checkpoints.last());
      }
      rec.count("topicConfigs", 0);
      rec.artifact(ArtifactKinds.TOPIC_CONFIGS, out.finish());
    }
    return rec.result();
  }

  /** One chunk's describeConfigs, sent and not yet written. */
  private record Pending(
      List<ConfigResource> resources, Map<ConfigResource, KafkaFuture<Config>> results) {}

  private Pending send(List<String> topics) {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    return new Pending(
        resources,
        admin
            .describeConfigs(resources, new DescribeConfigsOptions().includeSynonyms(false))
            .values());
  }

  private void write(Pending chunk, ChunkedJsonLinesWriter<TopicConfigs> out, PhaseRecorder rec)
      throws IOException, ExecutionException, InterruptedException {
    List<ConfigResource> resources = chunk.resources();
    Map<ConfigResource, KafkaFuture<Config>> results = chunk.results();
    for (ConfigResource resource : resources) {
      Config config;
      try {
        config = results.get(resource).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicAuthorizationException) {
          rec.denied(
              "DESCRIBE_CONFIGS", "TOPIC " + resource.name(), "configs of this topic are missing");
          continue;
        }
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          rec.warn("topic " + resource.name() + " was deleted before its configs were read");
          continue;
        }
        throw e;
      }
      TopicConfigs configs = new TopicConfigs(resource.name(), Configs.all(config));
      out.write(configs);
      rec.count("topicConfigs", 1);
      rec.count("configEntries", configs.entries().size());
      rec.count(
          "nonDefaultConfigEntries",
          configs.entries().stream().filter(c -> !c.isDefault()).count());
    }
  }
}
