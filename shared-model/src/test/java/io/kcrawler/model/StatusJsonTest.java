package io.kcrawler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The statuses were strings: as enums they must write the same JSON (Temporal payloads, {@code
 * crawl-summary.json}) and read what older workers wrote; a status this version does not know fails
 * naming it.
 */
class StatusJsonTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  /** The shapes before the enums, as an older worker writes them. */
  record OldPhaseSummary(
      String phase,
      String status,
      long durationMs,
      Map<String, Long> counts,
      List<String> warnings,
      long totalWarnings,
      List<String> denied,
      String error) {}

  record OldCrawlSummary(
      String connectionId,
      String clusterId,
      String status,
      Map<String, Long> counts,
      List<OldPhaseSummary> phases,
      List<String> warnings,
      String outputLocation,
      long durationMs) {}

  private static PhaseSummary phase(PhaseStatus status) {
    return new PhaseSummary(
        Phases.TOPICS, status, 12, Map.of("topics", 3L), List.of("w"), 1, List.of("d"), "why");
  }

  private static OldPhaseSummary oldPhase(String status) {
    return new OldPhaseSummary(
        Phases.TOPICS, status, 12, Map.of("topics", 3L), List.of("w"), 1, List.of("d"), "why");
  }

  private static String payload(Object value) {
    return CONVERTER.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private static String file(Object value) throws Exception {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }

  @ParameterizedTest
  @EnumSource(PhaseStatus.class)
  void givenAPhaseStatus_whenWritten_thenTheSameJsonAsTheStringAndItReadsBack(PhaseStatus status)
      throws Exception {
    String old = payload(oldPhase(status.name()));

    assertThat(payload(phase(status)))
        .isEqualTo(old)
        .contains("\"status\":\"" + status.name() + "\"");
    assertThat(file(phase(status))).isEqualTo(file(oldPhase(status.name())));
    assertThat(
            CONVERTER.fromPayload(
                CONVERTER.toPayload(oldPhase(status.name())).orElseThrow(),
                PhaseSummary.class,
                PhaseSummary.class))
        .isEqualTo(phase(status));
  }

  @ParameterizedTest
  @EnumSource(CrawlStatus.class)
  void givenACrawlStatus_whenWritten_thenTheSameJsonAsTheStringAndItReadsBack(CrawlStatus status)
      throws Exception {
    CrawlSummary summary =
        new CrawlSummary(
            "c1",
            "k1",
            status,
            Map.of("topics", 3L),
            List.of(phase(PhaseStatus.OK)),
            List.of(),
            "/out",
            99);
    OldCrawlSummary old =
        new OldCrawlSummary(
            "c1",
            "k1",
            status.name(),
            Map.of("topics", 3L),
            List.of(oldPhase("OK")),
            List.of(),
            "/out",
            99);

    assertThat(payload(summary)).isEqualTo(payload(old));
    assertThat(file(summary)).isEqualTo(file(old));
    assertThat(Json.mapper().readValue(payload(old), CrawlSummary.class)).isEqualTo(summary);
  }

  @Test
  void givenAStatusThisVersionDoesNotKnow_whenRead_thenItFailsNamingTheValueAndTheKnownOnes() {
    String json = payload(oldPhase("PAUSED"));

    assertThatThrownBy(() -> Json.mapper().readValue(json, PhaseSummary.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("PhaseStatus")
        .hasMessageContaining("\"PAUSED\"")
        .hasMessageContaining("DEGRADED");
    assertThatThrownBy(
            () ->
                CONVERTER.fromPayload(
                    CONVERTER.toPayload(oldPhase("PAUSED")).orElseThrow(),
                    PhaseSummary.class,
                    PhaseSummary.class))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("\"PAUSED\"");
    assertThatThrownBy(() -> Json.mapper().readValue("{\"status\":\"DONE\"}", CrawlSummary.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("CrawlStatus")
        .hasMessageContaining("\"DONE\"");
  }
}
