package io.kcrawler.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.activities.PublishRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statuses in the committed histories (written when they were strings) read into {@link
 * CrawlStatus} and {@link PhaseStatus}, and the typed summaries encode to the very bytes recorded:
 * the publish activity's input and the workflow's result are unchanged on the wire.
 */
class RecordedPayloadsTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  static List<String> histories() {
    return RecordedHistories.names();
  }

  private static WorkflowExecutionHistory history(String name) throws Exception {
    return RecordedHistories.load(name);
  }

  /** The recorded payloads that carry statuses: the publish input and the workflow's result. */
  private static List<Payload> statusPayloads(WorkflowExecutionHistory history) {
    List<Payload> payloads = new ArrayList<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals("Publish")) {
        payloads.add(e.getActivityTaskScheduledEventAttributes().getInput().getPayloads(0));
      }
      if (e.hasWorkflowExecutionCompletedEventAttributes()) {
        payloads.add(e.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloads(0));
      }
    }
    return payloads;
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenARecordedHistory_whenItsSummariesAreReadTyped_thenTheyEncodeToTheRecordedBytes(
      String name) throws Exception {
    WorkflowExecutionHistory history = history(name);
    List<Payload> recorded = statusPayloads(history);
    // Every history schedules publish; only the crawls that did not fail have a result.
    assertThat(recorded).as(name).hasSize(name.endsWith("failed") ? 1 : 2);

    PublishRequest publish =
        CONVERTER.fromPayload(recorded.get(0), PublishRequest.class, PublishRequest.class);
    assertThat(publish.phases())
        .as(name)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.status()).isNotNull());
    assertThat(encoded(publish)).as(name).isEqualTo(recorded.get(0));
    if (recorded.size() == 2) {
      CrawlSummary summary =
          CONVERTER.fromPayload(recorded.get(1), CrawlSummary.class, CrawlSummary.class);
      assertThat(summary.status()).as(name).isNotNull();
      assertThat(summary.phases()).allSatisfy(p -> assertThat(p.status()).isNotNull());
      assertThat(encoded(summary)).as(name).isEqualTo(recorded.get(1));
    }
  }

  @Test
  void givenAllRecordedHistories_whenRead_thenEveryStatusAFinishedCrawlReportsOccurs()
      throws Exception {
    Set<CrawlStatus> crawl = EnumSet.noneOf(CrawlStatus.class);
    Set<PhaseStatus> phases = EnumSet.noneOf(PhaseStatus.class);
    for (String name : RecordedHistories.names()) {
      List<Payload> recorded = statusPayloads(history(name));
      CONVERTER
          .fromPayload(recorded.get(0), PublishRequest.class, PublishRequest.class)
          .phases()
          .stream()
          .map(PhaseSummary::status)
          .forEach(phases::add);
      if (recorded.size() == 2) {
        CrawlSummary summary =
            CONVERTER.fromPayload(recorded.get(1), CrawlSummary.class, CrawlSummary.class);
        crawl.add(summary.status());
        summary.phases().stream().map(PhaseSummary::status).forEach(phases::add);
      }
    }
    // The byte comparison above covers the strings old workers wrote for all of these.
    assertThat(crawl).containsExactlyInAnyOrder(CrawlStatus.values());
    assertThat(phases)
        .containsExactlyInAnyOrder(
            PhaseStatus.OK, PhaseStatus.DEGRADED, PhaseStatus.FAILED, PhaseStatus.SKIPPED);
  }

  private static Payload encoded(Object value) {
    return CONVERTER.toPayload(value).orElseThrow();
  }
}
