package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
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

/** Every config key of every crawled topic, via describeConfigs in batches. */
final class TopicConfigsCrawler {
  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  TopicConfigsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
  }

  PhaseResult crawl(CrawlContext context, ArtifactRef topics, PhaseProgress progress)
      throws IOException, ExecutionException, InterruptedException {
    PhaseRecorder rec = new PhaseRecorder(Phases.TOPIC_CONFIGS);
    try (JsonLines.Writer<TopicConfigs> out =
            JsonLines.writer(store, context.artifactKey(ArtifactKinds.TOPIC_CONFIGS), mapper);
        JsonLines.CloseableIterator<TopicMetadata> it =
            JsonLines.iterate(store, topics.key(), TopicMetadata.class, mapper)) {
      List<String> batch = new ArrayList<>(KafkaLimits.DESCRIBE_CONFIGS_BATCH);
      int batches = 0;
      long done = 0;
      while (it.hasNext()) {
        batch.add(it.next().name());
        if (batch.size() == KafkaLimits.DESCRIBE_CONFIGS_BATCH || !it.hasNext()) {
          describe(batch, out, rec);
          done += batch.size();
          batch.clear();
          progress.report(done, topics.records(), ++batches);
        }
      }
      rec.count("topicConfigs", 0);
      rec.artifact(ArtifactKinds.TOPIC_CONFIGS, out.finish());
    }
    return rec.result();
  }

  private void describe(List<String> topics, JsonLines.Writer<TopicConfigs> out, PhaseRecorder rec)
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
