package io.kcrawler.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Histories recorded from earlier versions of the workflow (committed under {@code histories/}, see
 * {@link HistoryRecorder}) replay against today's code: a change that would break a crawl in flight
 * across a deploy fails the build here. One history per version marker state, each as a succeeded,
 * a partial and a failed crawl.
 */
class KafkaCrawlWorkflowReplayTest {

  @ParameterizedTest
  @MethodSource("io.kcrawler.workflow.RecordedHistories#names")
  void givenARecordedHistory_whenReplayedOnTodaysWorkflow_thenItReplaysWithoutNondeterminism(
      String name) throws Exception {
    WorkflowExecutionHistory history = RecordedHistories.load(name);
    // The histories are what their names say: v0 has no version marker, v1 release-before-publish,
    // v2 also validate-once with its recorded outcome (3 markers); the failed ones failed.
    List<EventType> types = history.getEvents().stream().map(e -> e.getEventType()).toList();
    int version = name.charAt(1) - '0';
    long markers = types.stream().filter(t -> t == EventType.EVENT_TYPE_MARKER_RECORDED).count();
    assertThat(markers).as(name).isEqualTo(version == 2 ? 3L : version);
    assertThat(types.contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED))
        .as(name)
        .isEqualTo(name.endsWith("failed"));

    WorkflowReplayer.replayWorkflowExecution(history, KafkaCrawlWorkflowImpl.class);
  }
}
