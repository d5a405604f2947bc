package io.kcrawler.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The committed histories under {@code histories/} ({@link HistoryRecorder} made them): one per
 * workflow version marker and outcome. The replay and payload tests read them from here.
 */
final class RecordedHistories {
  private RecordedHistories() {}

  /** Every committed history, by name: version, then outcome. */
  static List<String> names() {
    return List.of(
        "v0-succeeded",
        "v0-partial",
        "v0-failed",
        "v1-succeeded",
        "v1-partial",
        "v1-failed",
        "v2-succeeded",
        "v2-partial",
        "v2-failed");
  }

  static WorkflowExecutionHistory load(String name) throws Exception {
    try (InputStream in =
        RecordedHistories.class.getResourceAsStream("/histories/" + name + ".json")) {
      assertThat(in).as(name).isNotNull();
      return WorkflowExecutionHistory.fromJson(
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
