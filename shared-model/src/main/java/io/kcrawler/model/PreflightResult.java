package io.kcrawler.model;

import java.util.List;

/**
 * What preflight learned before any bulk call: who the cluster is, that the credentials work, and
 * which cluster operations the principal may perform (empty if the broker would not say). {@code
 * hostTaskQueue} is set when the worker keeps artifacts on its local disk: the crawl's other
 * activities must run on that host, and this is its queue.
 */
public record PreflightResult(
    String clusterId,
    int controllerId,
    int brokerCount,
    List<String> authorizedClusterOperations,
    List<String> warnings,
    String hostTaskQueue) {

  public PreflightResult(
      String clusterId,
      int controllerId,
      int brokerCount,
      List<String> authorizedClusterOperations,
      List<String> warnings) {
    this(clusterId, controllerId, brokerCount, authorizedClusterOperations, warnings, null);
  }

  public PreflightResult pinnedTo(String queue) {
    return new PreflightResult(
        clusterId, controllerId, brokerCount, authorizedClusterOperations, warnings, queue);
  }
}
