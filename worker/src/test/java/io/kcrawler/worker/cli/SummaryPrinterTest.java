package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary a person reads prints its counts under their phase, in one fixed order. */
class SummaryPrinterTest {

  private static PhaseSummary phase(String name, Map<String, Long> counts) {
    return new PhaseSummary(name, PhaseStatus.OK, 10, counts, List.of(), 0, List.of(), null);
  }

  private static String print(Map<String, Long> topics, Map<String, Long> publish) {
    CrawlSummary s =
        new CrawlSummary(
            "c1",
            "cluster-1",
            CrawlStatus.SUCCEEDED,
            Map.of(),
            List.of(
                phase("preflight", Map.of("brokers", 3L)),
                phase("topics", topics),
                phase("publish", publish)),
            List.of(),
            "/out",
            100);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryPrinter.print(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void givenAPartialCrawl_whenPrinted_thenEachStatusIsPrintedByItsName() {
    CrawlSummary s =
        new CrawlSummary(
            "c1",
            "cluster-1",
            CrawlStatus.PARTIAL,
            Map.of(),
            List.of(
                new PhaseSummary(
                    "topics", PhaseStatus.DEGRADED, 7, Map.of(), List.of(), 1, List.of(), null),
                new PhaseSummary(
                    "schemas", PhaseStatus.FAILED, 9, Map.of(), List.of(), 0, List.of(), "boom"),
                new PhaseSummary(
                    "brokers", PhaseStatus.SKIPPED, 0, Map.of(), List.of(), 0, List.of(), "none")),
            List.of(),
            "/out",
            100);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryPrinter.print(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    // The text people and scripts read, as it was when the statuses were strings.
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("Crawl of c1 (cluster cluster-1): PARTIAL in 100 ms\n")
        .contains(
            "Phases:\n"
                + "  topics           DEGRADED        7 ms\n"
                + "  schemas          FAILED          9 ms  boom\n"
                + "  brokers          SKIPPED         0 ms  none\n");
  }

  @Test
  void givenCountsInAnyOrder_whenPrinted_thenGroupedByPhaseAndSortedTheSameEveryTime() {
    Map<String, Long> topicsA = new LinkedHashMap<>();
    topicsA.put("offlinePartitions", 0L);
    topicsA.put("topics", 22L);
    topicsA.put("partitions", 66L);
    Map<String, Long> topicsB = new LinkedHashMap<>();
    topicsB.put("partitions", 66L);
    topicsB.put("topics", 22L);
    topicsB.put("offlinePartitions", 0L);
    Map<String, Long> publish = Map.of("file.KafkaTopic", 22L, "assets.KafkaTopic", 22L);

    String first = print(topicsA, publish);

    assertThat(print(topicsB, publish)).isEqualTo(first);
    assertThat(first)
        .contains(
            "Counts:\n  topics\n    offlinePartitions            0\n    partitions                   66\n"
                + "    topics                       22\n  publish\n    assets.KafkaTopic            22\n"
                + "    file.KafkaTopic              22\n")
        .doesNotContain("brokers");
  }
}
