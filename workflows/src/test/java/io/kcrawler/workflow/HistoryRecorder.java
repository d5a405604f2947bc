package io.kcrawler.workflow;

import io.kcrawler.model.FailureType;
import io.kcrawler.model.Phases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories {@link KafkaCrawlWorkflowReplayTest} replays: not a test but the tool that
 * made them, run on purpose when a workflow version is added:
 *
 * <pre>
 * mvn -pl workflows test -Dtest=HistoryRecorder -Dkcrawler.recordHistories=src/test/resources/histories \
 *     [-Dkcrawler.recordVersion=v2] [-Dkcrawler.recordImpl=io.kcrawler.workflow.SomeOlderImpl]
 * </pre>
 *
 * The {@code v0} histories (before the {@code release-before-publish} marker) were recorded with
 * the workflow implementation of commit b991158^, copied in as a test class for the recording and
 * removed afterwards, and the {@code v1} ones with the implementation of the commit before {@code
 * validate-once}; a history once committed never changes.
 */
@EnabledIfSystemProperty(named = "kcrawler.recordHistories", matches = ".+")
class HistoryRecorder {

  @Test
  @SuppressWarnings("unchecked")
  void recordSucceededPartialAndFailedCrawls() throws Exception {
    Path dir = Path.of(System.getProperty("kcrawler.recordHistories"));
    String version = System.getProperty("kcrawler.recordVersion", "v2");
    Class<? extends KafkaCrawlWorkflow> impl =
        (Class<? extends KafkaCrawlWorkflow>)
            Class.forName(
                System.getProperty("kcrawler.recordImpl", KafkaCrawlWorkflowImpl.class.getName()));
    Files.createDirectories(dir);
    try (WorkflowTier tier = new WorkflowTier(impl, new FakeActivities())) {
      tier.crawl("succeeded", WorkflowTier.withRegistry());
      Files.writeString(
          dir.resolve(version + "-succeeded.json"), tier.history("succeeded").toJson(true));
    }
    try (WorkflowTier tier =
        new WorkflowTier(
            impl,
            new FakeActivities()
                .failing(Phases.SCHEMAS, FailureType.SCHEMA_REGISTRY_UNAVAILABLE)
                .warning(Phases.BROKERS, "broker 2 configs denied"))) {
      tier.crawl("partial", WorkflowTier.withRegistry());
      Files.writeString(
          dir.resolve(version + "-partial.json"), tier.history("partial").toJson(true));
    }
    try (WorkflowTier tier =
        new WorkflowTier(
            // Failing at publish: past the version marker, so v1's failed history has it too.
            impl, new FakeActivities().failing(Phases.PUBLISH, FailureType.INVALID_INPUT))) {
      try {
        tier.crawl("failed", WorkflowTier.minimal());
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // the history of a failed crawl is what is recorded
      }
      Files.writeString(dir.resolve(version + "-failed.json"), tier.history("failed").toJson(true));
    }
  }
}
