package io.kcrawler.model.activities;

import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.PreflightResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The cluster-facing phases of a crawl. Every method is read-only (list/describe calls only),
 * writes what it extracts to the artifact store and returns references and counts.
 */
@ActivityInterface
public interface ClusterMetadataActivities {

  /** Connects, authenticates and describes the cluster; fails fast on bad credentials. */
  @ActivityMethod
  PreflightResult preflight(CrawlContext context);

  /** listTopics + describeTopics: partitions, leaders, replicas, ISR, health flags. */
  @ActivityMethod
  PhaseResult crawlTopics(CrawlContext context);

  /** describeConfigs for every crawled topic, in batches; sensitive values masked. */
  @ActivityMethod
  PhaseResult crawlTopicConfigs(CrawlContext context, ArtifactRef topics);

  /** Brokers with address, rack and non-default configs. */
  @ActivityMethod
  PhaseResult crawlBrokers(CrawlContext context);

  /** Consumer groups, committed offsets, log start/end offsets, lag and record counts. */
  @ActivityMethod
  PhaseResult crawlConsumerGroups(CrawlContext context, ArtifactRef topics);

  /** Closes this crawl's shared Admin client on this worker (idle eviction covers the rest). */
  @ActivityMethod
  void releaseConnection(CrawlContext context);
}
