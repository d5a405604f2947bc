package io.kcrawler.model.activities;

import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.PreflightResult;
import java.util.List;
import java.util.Map;

/**
 * Everything publish needs: the crawl, the cluster, the artifacts of every phase that produced some
 * (keyed by {@link io.kcrawler.model.ArtifactKinds}), and how each phase went.
 */
public record PublishRequest(
    CrawlContext context,
    PreflightResult cluster,
    Map<String, ArtifactRef> artifacts,
    List<PhaseSummary> phases) {}
