package io.kcrawler.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a crawl's change report from its output, as a person or a CI job would. */
public final class ChangeReports {
  private ChangeReports() {}

  /** {@code catalog/change-report.json} of the crawl. */
  public static JsonNode of(CrawlSummary s) throws IOException {
    return Json.mapper()
        .readTree(
            Path.of(s.outputLocation()).resolve("catalog").resolve("change-report.json").toFile());
  }

  /** Every risk finding as "LEVEL rule subject", in the report's order. */
  public static List<String> findings(JsonNode risk) {
    List<String> out = new ArrayList<>();
    risk.get("findings")
        .fields()
        .forEachRemaining(
            level ->
                level
                    .getValue()
                    .forEach(
                        f ->
                            out.add(
                                level.getKey()
                                    + " "
                                    + f.get("rule").asText()
                                    + " "
                                    + f.get("subject").asText())));
    return out;
  }
}
