package io.kcrawler.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Heartbeat details travel through Temporal's default converter between worker versions. */
class ProgressDetailsTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  private static ProgressDetails roundTrip(Object details) {
    Optional<Payloads> payloads = CONVERTER.toPayloads(details);
    return CONVERTER.fromPayloads(0, payloads, ProgressDetails.class, ProgressDetails.class);
  }

  private static String json(Object details) {
    return CONVERTER
        .toPayloads(details)
        .orElseThrow()
        .getPayloads(0)
        .getData()
        .toString(StandardCharsets.UTF_8);
  }

  /** The shape details had before checkpoints, as an older worker heartbeats them. */
  record OldProgressDetails(String phase, long done, long total, int completedBatches) {}

  @Test
  void givenDetailsOfTheOldShape_whenRead_thenSameFieldsAndNoCheckpoint() {
    ProgressDetails read = roundTrip(new OldProgressDetails(Phases.PUBLISH, 350, 0, 7));

    assertThat(read).isEqualTo(new ProgressDetails(Phases.PUBLISH, 350, 0, 7));
    assertThat(read.checkpoint()).isNull();
  }

  @Test
  void givenDetailsWithoutCheckpoint_whenWritten_thenOldShapeExactly() {
    assertThat(json(new ProgressDetails(Phases.PUBLISH, 350, 0, 7)))
        .isEqualTo(json(new OldProgressDetails(Phases.PUBLISH, 350, 0, 7)));
  }

  @Test
  void givenDetailsWithCheckpoint_whenRoundTripped_thenEqual() {
    PhaseResult soFar =
        new PhaseResult(
            Phases.TOPIC_CONFIGS,
            Map.of("topicConfigs", 6L, "denied", 1L),
            Map.of(),
            List.of("topic gone was deleted before its configs were read"),
            1,
            List.of("DESCRIBE_CONFIGS on TOPIC secret: configs of this topic are missing"));
    ProgressDetails details =
        new ProgressDetails(
            Phases.TOPIC_CONFIGS,
            6,
            19,
            2,
            new ProgressDetails.Checkpoint(
                2, 6, null, List.of("runs/r/topic-configs.jsonl.part-00000-a1"), soFar));

    assertThat(roundTrip(details)).isEqualTo(details);
  }

  @Test
  void givenDetailsFromANewerWorkerWithAnUnknownField_whenRead_thenTheKnownFieldsAreKept() {
    assertThat(roundTrip(Map.of("phase", "topics", "done", 5, "later", true)))
        .isEqualTo(new ProgressDetails("topics", 5, 0, 0));
  }
}
