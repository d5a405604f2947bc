package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.catalog.RiskLevel;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --fail-on LEVEL} exits 3 exactly when the publish phase counted findings at LEVEL or
 * above, 0 when not, 1 when there is no change report to judge; bad usage exits 2.
 */
class RiskGateTest {

  private static CrawlSummary summary(Map<String, Long> publishCounts) {
    return new CrawlSummary(
        "c1",
        "cluster-1",
        CrawlStatus.SUCCEEDED,
        Map.of(),
        List.of(
            new PhaseSummary(
                "publish", PhaseStatus.OK, 10, publishCounts, List.of(), 0, List.of(), null)),
        List.of(),
        "/out",
        100);
  }

  private static final CrawlSummary ONE_MEDIUM =
      summary(Map.of("risk.high", 0L, "risk.medium", 1L, "risk.low", 4L, "assets", 9L));

  @Test
  void givenOneMediumFinding_whenFailingOnHigh_thenExit0_onMediumOrLow_thenExit3() {
    assertThat(RiskGate.check(ONE_MEDIUM, RiskLevel.HIGH).exit()).isZero();
    RiskGate.Verdict medium = RiskGate.check(ONE_MEDIUM, RiskLevel.MEDIUM);
    assertThat(medium.exit()).isEqualTo(KcrawlerCli.EXIT_RISK).isEqualTo(3);
    assertThat(medium.line())
        .isEqualTo(
            "--fail-on medium: 1 finding at MEDIUM or above (see catalog/change-report.md): exit"
                + " 3");
    assertThat(RiskGate.check(ONE_MEDIUM, RiskLevel.LOW).line()).contains("5 findings at LOW");
  }

  @Test
  void givenNoRiskCounts_whenFailingOn_thenExit1SayingWhy() {
    RiskGate.Verdict v = RiskGate.check(summary(Map.of("assets", 9L)), RiskLevel.HIGH);
    assertThat(v.exit()).isEqualTo(KcrawlerCli.EXIT_FAILURE);
    assertThat(v.line()).contains("no change report");
  }

  @Test
  void givenRiskCounts_thenTheSummaryPrintsOneRiskLine() {
    assertThat(RiskGate.summaryLine(ONE_MEDIUM))
        .isEqualTo("Risk: 0 high, 1 medium, 4 low (catalog/change-report.md)");
    assertThat(RiskGate.summaryLine(summary(Map.of()))).isNull();
  }

  @Test
  void givenFailOnWithoutWaitOrWithABadLevel_thenBadUsageExit2() {
    CliRun noWait =
        CliRun.of("crawl", "--address", "127.0.0.1:1", "--request", "x.json", "--fail-on", "high");
    CliRun bad =
        CliRun.of(
            "crawl",
            "--address",
            "127.0.0.1:1",
            "--request",
            "x.json",
            "--wait",
            "--fail-on",
            "hi");

    assertThat(noWait.exit()).as(noWait.toString()).isEqualTo(KcrawlerCli.EXIT_USAGE);
    assertThat(noWait.err()).contains("--fail-on needs --wait");
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(KcrawlerCli.EXIT_USAGE);
    assertThat(bad.err()).contains("expected high, medium or low, got \"hi\"");
  }
}
