package io.kcrawler.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.TaskQueues;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The workflow's branches with fake activities, in seconds: every phase OK; a degraded parallel
 * phase; a schema phase that fails and a parallel phase that is denied (both degrade); a required
 * phase that fails (the crawl fails, the Admin client is still released); a bad request (no
 * activity at all); a crawl pinned to its host. (A self-deployed runtime that never polls is {@code
 * SelfDeployedRuntimeIntegrationTest}'s: the test server does not skip schedule-to-start timeouts,
 * so it costs the real 2 minutes.)
 */
class KafkaCrawlWorkflowTest {

  private static Map<String, PhaseStatus> statuses(CrawlSummary s) {
    return s.phases().stream()
        .collect(Collectors.toMap(PhaseSummary::phase, PhaseSummary::status, (a, b) -> b));
  }

  private static void failsWith(Runnable crawl, FailureType type, Consumer<String> message) {
    assertThatThrownBy(crawl::run)
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type.name());
              message.accept(f.getOriginalMessage());
            });
  }

  @Test
  void givenEveryPhaseOk_whenCrawled_thenSucceededWithEveryPhaseAndTheClientReleased() {
    try (WorkflowTier tier = new WorkflowTier(new FakeActivities())) {
      CrawlSummary s = tier.crawl("ok", WorkflowTier.withRegistry());

      assertThat(s.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(statuses(s))
          .containsEntry(Phases.PREFLIGHT, PhaseStatus.OK)
          .containsEntry(Phases.TOPICS, PhaseStatus.OK)
          .containsEntry(Phases.TOPIC_CONFIGS, PhaseStatus.OK)
          .containsEntry(Phases.BROKERS, PhaseStatus.OK)
          .containsEntry(Phases.CONSUMER_GROUPS, PhaseStatus.OK)
          .containsEntry(Phases.SCHEMAS, PhaseStatus.OK)
          .containsEntry(Phases.PUBLISH, PhaseStatus.OK);
      assertThat(s.counts()).containsEntry("topics.jsonl", 12L);
      assertThat(tier.activities.calls)
          .contains("release@" + TaskQueues.CRAWLER)
          .allMatch(c -> c.endsWith("@" + TaskQueues.CRAWLER));
    }
  }

  @Test
  void givenNoRegistry_whenCrawled_thenTheSchemaPhaseIsSkipped() {
    try (WorkflowTier tier = new WorkflowTier(new FakeActivities())) {
      CrawlSummary s = tier.crawl("no-registry", WorkflowTier.minimal());

      assertThat(s.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(statuses(s)).containsEntry(Phases.SCHEMAS, PhaseStatus.SKIPPED);
    }
  }

  @Test
  void givenAPhaseWithAWarning_whenCrawled_thenItIsDegradedAndTheCrawlPartial() {
    try (WorkflowTier tier =
        new WorkflowTier(new FakeActivities().warning(Phases.BROKERS, "broker 2 configs denied"))) {
      CrawlSummary s = tier.crawl("degraded", WorkflowTier.minimal());

      assertThat(s.status()).isEqualTo(CrawlStatus.PARTIAL);
      assertThat(statuses(s)).containsEntry(Phases.BROKERS, PhaseStatus.DEGRADED);
      assertThat(s.warnings()).contains("brokers: broker 2 configs denied");
    }
  }

  @Test
  void givenAPhaseWithANote_whenCrawled_thenItIsOkTheCrawlSucceededAndTheNoteIsKept() {
    try (WorkflowTier tier =
        new WorkflowTier(
            new FakeActivities()
                .note(Phases.SCHEMAS, "the registry has no bulk GET /schemas endpoint"))) {
      CrawlSummary s = tier.crawl("noted", WorkflowTier.withRegistry());

      assertThat(s.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(statuses(s)).containsEntry(Phases.SCHEMAS, PhaseStatus.OK);
      assertThat(s.phases())
          .filteredOn(p -> p.phase().equals(Phases.SCHEMAS))
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.notes())
                      .containsExactly("the registry has no bulk GET /schemas endpoint"));
      assertThat(s.warnings()).isEmpty();
    }
  }

  @Test
  void givenTheRegistryDownAndConfigsDenied_whenCrawled_thenBothDegradeAndPublishRuns() {
    try (WorkflowTier tier =
        new WorkflowTier(
            new FakeActivities()
                .failing(Phases.SCHEMAS, FailureType.SCHEMA_REGISTRY_UNAVAILABLE)
                .failing(Phases.TOPIC_CONFIGS, FailureType.NOT_AUTHORIZED))) {
      CrawlSummary s = tier.crawl("partial", WorkflowTier.withRegistry());

      assertThat(s.status()).isEqualTo(CrawlStatus.PARTIAL);
      assertThat(statuses(s))
          .containsEntry(Phases.SCHEMAS, PhaseStatus.FAILED)
          .containsEntry(Phases.TOPIC_CONFIGS, PhaseStatus.FAILED)
          .containsEntry(Phases.PUBLISH, PhaseStatus.OK);
      assertThat(s.warnings()).anyMatch(w -> w.startsWith("schemas: schemas phase failed"));
    }
  }

  @Test
  void givenARequiredParallelPhaseFailing_whenCrawled_thenTheCrawlFailsNamingItAndReleases() {
    FakeActivities fake =
        new FakeActivities().failing(Phases.CONSUMER_GROUPS, FailureType.AUTH_FAILED);
    try (WorkflowTier tier = new WorkflowTier(fake)) {
      failsWith(
          () -> tier.crawl("failed", WorkflowTier.minimal()),
          FailureType.AUTH_FAILED,
          m -> assertThat(m).startsWith("consumer-groups phase failed"));
      assertThat(fake.calls).noneMatch(c -> c.startsWith(Phases.PUBLISH));
      assertThat(fake.calls).anyMatch(c -> c.startsWith("release@"));
    }
  }

  @Test
  void givenPreflightRefused_whenCrawled_thenNothingElseRuns() {
    FakeActivities fake = new FakeActivities().failing(Phases.PREFLIGHT, FailureType.AUTH_FAILED);
    try (WorkflowTier tier = new WorkflowTier(fake)) {
      failsWith(
          () -> tier.crawl("preflight", WorkflowTier.minimal()),
          FailureType.AUTH_FAILED,
          m -> assertThat(m).startsWith("preflight phase failed"));
      assertThat(fake.calls).noneMatch(c -> c.startsWith(Phases.TOPICS));
    }
  }

  @Test
  void givenABadRequest_whenStarted_thenInvalidInputNamingTheFieldAndNoActivity() {
    FakeActivities fake = new FakeActivities();
    try (WorkflowTier tier = new WorkflowTier(fake)) {
      failsWith(
          () ->
              tier.crawl(
                  "bad",
                  WorkflowTier.request(
                      "{\"connectionId\":\"c1\",\"bootstrapServer\":\"broker-1:9092\"}")),
          FailureType.INVALID_INPUT,
          m -> assertThat(m).contains("bootstrapServer"));
      assertThat(fake.calls).isEmpty();
    }
  }

  @Test
  void givenPreflightPinningAHost_whenCrawled_thenTheRestRunsOnThatHostsQueue() {
    String host = TaskQueues.host(TaskQueues.CRAWLER, "worker-7");
    FakeActivities fake = new FakeActivities().pinningTo(host);
    try (WorkflowTier tier = new WorkflowTier(fake, host)) {
      CrawlSummary s = tier.crawl("pinned", WorkflowTier.minimal());

      assertThat(s.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(fake.calls).first().isEqualTo(Phases.PREFLIGHT + "@" + TaskQueues.CRAWLER);
      assertThat(fake.calls.subList(1, fake.calls.size())).allMatch(c -> c.endsWith("@" + host));
    }
  }
}
