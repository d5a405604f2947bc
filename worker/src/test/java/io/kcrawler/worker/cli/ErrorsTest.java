package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.model.CrawlSummary;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one line a person reads names what went wrong, not the wrapper it came in. */
class ErrorsTest {

  @Test
  void givenAResultWithAStatusThisCliDoesNotKnow_whenExplained_thenTheValueAndFieldAreNamed() {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    // What a newer worker could return; the client wraps the decoding failure as it does here.
    Throwable decoding =
        catchThrowable(
            () ->
                converter.fromPayload(
                    converter.toPayload(Map.of("status", "PAUSED")).orElseThrow(),
                    CrawlSummary.class,
                    CrawlSummary.class));
    Throwable wrapped =
        new WorkflowServiceException(
            WorkflowExecution.newBuilder().setWorkflowId("kafka-crawl-c1").build(),
            "KafkaCrawlWorkflow",
            decoding);

    String line = Errors.oneLine(wrapped);

    assertThat(line)
        .startsWith("cannot decode Temporal's answer: ")
        .contains("\"PAUSED\"")
        .contains("io.kcrawler.model.CrawlStatus")
        .contains("CrawlSummary[\"status\"]")
        .doesNotContain("\n");
  }
}
