package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.model.PhaseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given two published crawls with one HIGH and one MEDIUM change, the change report's JSON groups
 * findings by level (HIGH first) with rule, subject, sentence, before and after; the Markdown puts
 * the risk tables before what changed; the publish counts carry the findings per level. A risk
 * analysis that fails costs only the risk part, never the publish.
 */
class RiskReportShapeTest {
  final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void givenAHighAndAMediumChange_thenJsonMarkdownAndCountsGroupThemByLevel() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    CatalogPublishActivitiesImpl impl = impl(store);
    PhaseResult first;
    PhaseResult second;
    try (PublishHarness harness = new PublishHarness(impl)) {
      first =
          harness.publish(
              new CrawlFixture(store, mapper, "prod", "run-1")
                  .topic("orders", 2)
                  .config("orders", "retention.ms", "604800000")
                  .write());
      second =
          harness.publish(
              new CrawlFixture(store, mapper, "prod", "run-2")
                  .topic("orders", 4)
                  .config("orders", "retention.ms", "86400000")
                  .write());
    }

    assertThat(first.counts())
        .containsEntry("risk.high", 0L)
        .containsEntry("risk.medium", 0L)
        .containsEntry("risk.low", 0L);
    assertThat(second.counts())
        .containsEntry("risk.high", 1L)
        .containsEntry("risk.medium", 1L)
        .containsEntry("risk.low", 0L);
    assertThat(second.artifacts()).containsKey(CatalogPublisher.RISK_STATE);

    JsonNode report = read(store, second, CatalogPublisher.CHANGE_REPORT_JSON);
    List<String> fields = new ArrayList<>();
    report.fieldNames().forEachRemaining(fields::add);
    assertThat(fields.subList(0, 3))
        .containsExactly("connectionQualifiedName", "firstCrawl", "risk");
    JsonNode risk = report.get("risk");
    assertThat(risk.get("baseline").asBoolean()).isFalse();
    assertThat(risk.get("counts").toString()).isEqualTo("{\"high\":1,\"medium\":1,\"low\":0}");
    List<String> levels = new ArrayList<>();
    risk.get("findings").fieldNames().forEachRemaining(levels::add);
    assertThat(levels).containsExactly("HIGH", "MEDIUM", "LOW");
    JsonNode high = risk.get("findings").get("HIGH").get(0);
    assertThat(high.get("rule").asText()).isEqualTo("retention-lowered");
    assertThat(high.get("risk").asText()).isEqualTo("HIGH");
    assertThat(high.get("subject").asText()).isEqualTo("orders");
    assertThat(high.get("before").asText()).isEqualTo("retention.ms=604800000");
    assertThat(high.get("after").asText()).isEqualTo("retention.ms=86400000");
    assertThat(high.get("sentence").asText()).contains("1 d instead of 7 d");
    assertThat(risk.get("findings").get("MEDIUM").get(0).get("rule").asText())
        .isEqualTo("partition-count-changed");
    // What changed is still reported beside the risk.
    assertThat(report.get("partitionChanges").get("items")).hasSize(1);

    String md =
        new String(
            readBytes(store, second, CatalogPublisher.CHANGE_REPORT_MD), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("## Risk: 1 high, 1 medium, 0 low")
        .contains("| `retention-lowered` | orders | Topic orders now keeps records for 1 d");
    assertThat(md.indexOf("### HIGH (1)")).isPositive().isLessThan(md.indexOf("### MEDIUM (1)"));
    assertThat(md.indexOf("### MEDIUM (1)")).isLessThan(md.indexOf("## What changed"));
    assertThat(
            read(store, first, CatalogPublisher.CHANGE_REPORT_JSON)
                .get("risk")
                .get("baseline")
                .asBoolean())
        .isTrue();
  }

  @Test
  void givenARiskStateTheRulesCannotUse_thenPublishSucceedsWithAWarningAndNoRiskCounts()
      throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir);
    try (var out = store.openWrite(RiskState.stateKey("prod"))) {
      out.write("{\"kind\":\"topic\",\"name\":\"orders\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    PhaseResult result;
    try (PublishHarness harness = new PublishHarness(impl(store))) {
      result =
          harness.publish(
              new CrawlFixture(store, mapper, "prod", "run-1").topic("orders", 2).write());
    }

    assertThat(result.counts()).doesNotContainKey("risk.high").containsEntry("assets", 2L);
    assertThat(result.warnings()).anyMatch(w -> w.startsWith("risk rules not checked"));
    assertThat(read(store, result, CatalogPublisher.CHANGE_REPORT_JSON).get("risk").isNull())
        .isTrue();
    assertThat(result.artifacts()).doesNotContainKey(CatalogPublisher.RISK_STATE);
  }

  private CatalogPublishActivitiesImpl impl(LocalArtifactStore store) {
    return new CatalogPublishActivitiesImpl(
        store,
        (request, keepAlive) -> CatalogSinkFactory.fileSink(request, store, mapper),
        mapper,
        CatalogSinkConfig.file()
            .withConnectionQualifiedNames(Map.of("prod", CatalogChangeDiffTest.CONN)));
  }

  private JsonNode read(LocalArtifactStore store, PhaseResult r, String name) throws Exception {
    return mapper.readTree(readBytes(store, r, name));
  }

  private static byte[] readBytes(LocalArtifactStore store, PhaseResult r, String name)
      throws Exception {
    try (InputStream in = store.openRead(r.artifact(name).key())) {
      return in.readAllBytes();
    }
  }
}
