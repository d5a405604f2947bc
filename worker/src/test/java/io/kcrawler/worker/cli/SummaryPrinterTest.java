package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlSummary;
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
    return new PhaseSummary(name, "OK", 10, counts, List.of(), 0, List.of(), null);
  }

  private static String print(Map<String, Long> topics, Map<String, Long> publish) {
    CrawlSummary s =
        new CrawlSummary(
            "c1",
            "cluster-1",
            "SUCCEEDED",
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
