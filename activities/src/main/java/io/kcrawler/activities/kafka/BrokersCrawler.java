package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.kafka.BrokerMetadata;
import io.kcrawler.model.kafka.ConfigEntryMetadata;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Brokers: id, address, rack, controller flag and non-default configs; and the cluster's access
 * rules ({@link AclsCrawler}).
 */
final class BrokersCrawler {
  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  BrokersCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
  }

  PhaseResult crawl(CrawlContext context)
      throws IOException, ExecutionException, InterruptedException {
    PhaseRecorder rec = new PhaseRecorder(Phases.BROKERS);
    DescribeClusterResult cluster = admin.describeCluster();
    Collection<Node> nodes = cluster.nodes().get();
    Node controller = cluster.controller().get();
    Map<Integer, List<ConfigEntryMetadata>> configs = brokerConfigs(nodes, rec);
    try (JsonLines.Writer<BrokerMetadata> out =
        JsonLines.writer(store, context.artifactKey(ArtifactKinds.BROKERS), mapper)) {
      for (Node node : nodes.stream().sorted(Comparator.comparingInt(Node::id)).toList()) {
        out.write(
            new BrokerMetadata(
                node.id(),
                node.host(),
                node.port(),
                node.rack(),
                controller != null && controller.id() == node.id(),
                configs.getOrDefault(node.id(), List.of())));
        rec.count("brokers", 1);
      }
      rec.artifact(ArtifactKinds.BROKERS, out.finish());
    }
    new AclsCrawler(admin, store, mapper).crawl(context, rec);
    return rec.result();
  }

  private Map<Integer, List<ConfigEntryMetadata>> brokerConfigs(
      Collection<Node> nodes, PhaseRecorder rec) throws ExecutionException, InterruptedException {
    List<ConfigResource> resources =
        nodes.stream()
            .map(n -> new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(n.id())))
            .toList();
    Map<Integer, List<ConfigEntryMetadata>> result = new HashMap<>();
    for (List<ConfigResource> batch : Batches.of(resources, KafkaLimits.DESCRIBE_CONFIGS_BATCH)) {
      Map<ConfigResource, KafkaFuture<Config>> values =
          admin
              .describeConfigs(batch, new DescribeConfigsOptions().includeSynonyms(false))
              .values();
      for (ConfigResource r : batch) {
        try {
          List<ConfigEntryMetadata> entries = Configs.nonDefault(values.get(r).get());
          result.put(Integer.parseInt(r.name()), entries);
          rec.count("brokerConfigEntries", entries.size());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AuthorizationException) {
            rec.denied(
                "DESCRIBE_CONFIGS",
                "CLUSTER (broker " + r.name() + ")",
                "broker configs are missing");
            continue;
          }
          throw e;
        }
      }
    }
    return result;
  }
}
