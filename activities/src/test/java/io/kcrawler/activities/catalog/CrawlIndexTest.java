package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.PublishRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An artifact of a phase that FAILED or was SKIPPED is not used, even when it exists. */
class CrawlIndexTest {
  @TempDir Path dir;

  private static PhaseSummary phase(String name, PhaseStatus status) {
    return new PhaseSummary(name, status, 1, Map.of(), List.of(), 0, List.of(), null);
  }

  @Test
  void givenArtifactsOfFailedSkippedAndDegradedPhases_whenIndexed_thenOnlyTheDegradedOnesAreUsed()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    PublishRequest written =
        new CrawlFixture(store, Json.mapper(), "c1", "run-1").topic("orders", 3).write();
    PublishRequest request =
        new PublishRequest(
            written.context(),
            written.cluster(),
            written.artifacts(),
            List.of(
                phase(Phases.TOPICS, PhaseStatus.OK),
                phase(Phases.TOPIC_CONFIGS, PhaseStatus.FAILED),
                phase(Phases.BROKERS, PhaseStatus.SKIPPED),
                phase(Phases.CONSUMER_GROUPS, PhaseStatus.DEGRADED)));

    CrawlIndex index = CrawlIndex.build(store, Json.mapper(), request);

    assertThat(index.has(ArtifactKinds.TOPICS)).isTrue();
    assertThat(index.has(ArtifactKinds.CONSUMER_GROUPS)).isTrue();
    assertThat(index.has(ArtifactKinds.TOPIC_CONFIGS)).isFalse();
    assertThat(index.has(ArtifactKinds.BROKERS)).isFalse();
    assertThat(index.warnings())
        .contains(
            "phase "
                + Phases.TOPIC_CONFIGS
                + " FAILED: "
                + ArtifactKinds.TOPIC_CONFIGS
                + " not used",
            "phase " + Phases.BROKERS + " SKIPPED: " + ArtifactKinds.BROKERS + " not used");
  }
}
