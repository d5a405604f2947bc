package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.ChunkedJsonLinesWriter;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.util.ArrayList;
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
      List<String> batch = new ArrayList<>(size);
      while (it.hasNext()) {
        batch.add(it.next().name());
        if (batch.size() == size || !it.hasNext()) {
          describe(batch, out, rec);
          done += batch.size();
          batch.clear();
          batches++;
          if (it.hasNext() && checkpoints.due()) {
            checkpoints.taken(new Checkpoint(batches, done, null, out.checkpoint(), rec.result()));
          }
          progress.report(done, topics.records(), batches, checkpoints.last());
        }
      }
      rec.count("topicConfigs", 0);
      rec.artifact(ArtifactKinds.TOPIC_CONFIGS, out.finish());
    }
    return rec.result();
  }

  private void describe(
      List<String> topics, ChunkedJsonLinesWriter<TopicConfigs> out, PhaseRecorder rec)
      throws IOException, ExecutionException, InterruptedException {
    List<ConfigResource> resources =
        topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, KafkaFuture<Config>> results =
        admin
            .describeConfigs(resources, new DescribeConfigsOptions().includeSynonyms(false))
            .values();
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
