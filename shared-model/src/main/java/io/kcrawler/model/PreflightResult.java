package io.kcrawler.model;

import java.util.List;

/**
 * What preflight learned before any bulk call: who the cluster is, that the credentials work, and
 * which cluster operations the principal may perform (empty if the broker would not say).
 */
public record PreflightResult(
    String clusterId,
    int controllerId,
    int brokerCount,
    List<String> authorizedClusterOperations,
    List<String> warnings) {}
