package io.kcrawler.activities.kafka;

import io.kcrawler.model.PreflightResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;

/**
 * Connects, authenticates and checks what the principal may see, before any bulk call: a bad
 * password fails here in seconds, and missing optional rights become warnings up front.
 */
final class ClusterPreflight {
  private final Admin admin;
  private final boolean sizesFromMetricsApi;

  ClusterPreflight(Admin admin) {
    this(admin, false);
  }

  /**
   * With {@code sizesFromMetricsApi} (a {@code confluentCloud} block) the crawl needs no DESCRIBE
   * on the cluster: describeLogDirs is not asked, and groups are listed as far as per-group ACLs
   * allow, as topics are by per-topic ones.
   */
  ClusterPreflight(Admin admin, boolean sizesFromMetricsApi) {
    this.admin = admin;
    this.sizesFromMetricsApi = sizesFromMetricsApi;
  }

  PreflightResult run() throws ExecutionException, InterruptedException {
    int timeoutMs = (int) KafkaLimits.PREFLIGHT_TIMEOUT.toMillis();
    DescribeClusterResult cluster =
        admin.describeCluster(
            new DescribeClusterOptions().includeAuthorizedOperations(true).timeoutMs(timeoutMs));
    // Both requests go out at once: one round trip to the cluster instead of two.
    KafkaFuture<Set<String>> topics =
        admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(timeoutMs)).names();
    String clusterId = cluster.clusterId().get();
    List<Node> nodes = List.copyOf(cluster.nodes().get());
    Node controller = cluster.controller().get();
    Set<AclOperation> ops = cluster.authorizedOperations().get();
    List<String> warnings = new ArrayList<>();
    List<String> granted = new ArrayList<>();
    if (ops != null) {
      ops.stream().map(Enum::name).sorted().forEach(granted::add);
      if (!ops.contains(AclOperation.DESCRIBE)) {
        if (!sizesFromMetricsApi) {
          warnings.add(
              "no DESCRIBE on the cluster: topic sizes (describeLogDirs) and some group listings"
                  + " will be missing");
        }
        // Without DESCRIBE the broker reports no authorized operation at all, so DESCRIBE_CONFIGS
        // cannot be told from the answer; the brokers phase reports it when it is denied.
      } else if (!ops.contains(AclOperation.DESCRIBE_CONFIGS)) {
        warnings.add("no DESCRIBE_CONFIGS on the cluster: broker configs will be missing");
      }
    }
    int visibleTopics = topics.get().size();
    if (visibleTopics == 0) {
      warnings.add(
          "no topics are visible: the cluster is empty or the principal lacks DESCRIBE on TOPIC"
              + " resources");
    }
    return new PreflightResult(
        clusterId, controller == null ? -1 : controller.id(), nodes.size(), granted, warnings);
  }
}
