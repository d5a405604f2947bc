package io.kcrawler.worker.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Given the shipped logback.xml, when KCRAWLER_LOG_FORMAT is unset the console lines are readable
 * text with the crawl's MDC; when it is {@code json}, each line is one JSON object carrying the
 * MDC.
 */
class LogFormatTest {

  private static String logWith(String format) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    // A fresh context has no MDC adapter; share SLF4J's, as the default context does.
    context.setMDCAdapter(MDC.getMDCAdapter());
    try {
      if (format != null) {
        context.putProperty("KCRAWLER_LOG_FORMAT", format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      MDC.put("workflowId", "kafka-crawl-orders");
      MDC.put("runId", "run-1");
      MDC.put("connectionId", "orders");
      MDC.put("phase", "topics");
      context.getLogger("io.kcrawler.activities.Test").info("listed {} topics", 3);
      ch.qos.logback.core.util.StatusPrinter2 printer =
          new ch.qos.logback.core.util.StatusPrinter2();
      printer.print(context);
    } finally {
      MDC.clear();
      context.stop();
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultLinesAreReadableTextWithConnectionPhaseAndWorkflow() throws Exception {
    String out = logWith(null);

    assertThat(out.lines()).hasSize(1);
    assertThat(out)
        .contains("INFO")
        .contains("[orders topics kafka-crawl-orders]")
        .contains("listed 3 topics")
        .doesNotContain("{");
  }

  @Test
  void withJsonEachLineIsOneJsonObjectCarryingTheMdc() throws Exception {
    String out = logWith("json");

    assertThat(out.lines()).hasSize(1);
    JsonNode line = Json.mapper().readTree(out.lines().findFirst().orElseThrow());
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("listed 3 topics");
    JsonNode mdc = line.path("mdc");
    assertThat(mdc.path("workflowId").asText()).isEqualTo("kafka-crawl-orders");
    assertThat(mdc.path("runId").asText()).isEqualTo("run-1");
    assertThat(mdc.path("connectionId").asText()).isEqualTo("orders");
    assertThat(mdc.path("phase").asText()).isEqualTo("topics");
  }
}
