package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Applies the {@link RiskRule}s to one crawl: streams the crawl's topics, configs, groups, subjects
 * and ACLs once, compares each with the connection's {@link RiskState} of the previous successful
 * crawl, and writes this crawl's state for the next one. A kind whose artifact is not usable this
 * time (its phase failed or was denied) is carried over unchanged and its rules are not checked, so
 * a failed phase is never reported as everything vanished. The rules live by resource: {@link
 * TopicRiskRules}, {@link GroupRiskRules}, {@link SchemaRiskRules}, {@link AccessRiskRules}.
 */
final class RiskAnalyzer {
  /** The kinds the rules read, with the phase that writes each. */
  private static final Map<String, String> KINDS =
      Map.of(
          ArtifactKinds.TOPICS, Phases.TOPICS,
          ArtifactKinds.TOPIC_CONFIGS, Phases.TOPIC_CONFIGS,
          ArtifactKinds.CONSUMER_GROUPS, Phases.CONSUMER_GROUPS,
          ArtifactKinds.SCHEMA_SUBJECTS, Phases.SCHEMAS,
          ArtifactKinds.ACLS, Phases.BROKERS);

  /** What an analysis produced: the report and this crawl's state, to promote on success. */
  record Result(RiskReport report, ArtifactRef state) {}

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final double lagGrowthFactor;
  private final int idleCrawls;

  RiskAnalyzer(ArtifactStore store, ObjectMapper mapper, ChangeReportConfig config) {
    this.store = store;
    this.mapper = mapper;
    this.lagGrowthFactor = config.lagGrowthFactorOrDefault();
    this.idleCrawls = config.idleCrawlsOrDefault();
  }

  /** Compares the crawl of {@code request} with the connection's state; writes the new state. */
  Result analyze(PublishRequest request, String runStateKey) throws IOException {
    Map<String, String> artifacts = CrawlIndex.usableArtifacts(store, request, KINDS);
    RiskState.Previous prev = RiskState.load(store, request.context().connectionId(), mapper);
    try (JsonLines.Writer<Entry> out = JsonLines.writer(store, runStateKey, mapper)) {
      RiskRun run = new RiskRun(prev, out);
      Set<String> deletedTopics = new TopicRiskRules(run, store, mapper).check(artifacts);
      GroupRiskRules groups = new GroupRiskRules(run, store, mapper, lagGrowthFactor, idleCrawls);
      groups.check(artifacts, deletedTopics);
      new SchemaRiskRules(run, store, mapper).check(artifacts);
      new AccessRiskRules(run, store, mapper).check(artifacts);
      ArtifactRef state = out.finish();
      return new Result(run.report(groups.trends()), state);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
