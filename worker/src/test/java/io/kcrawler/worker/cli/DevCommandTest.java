package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1, in-process: {@code kcrawler dev} starts Temporal, a seeded broker and a worker,
 * crawls, prints a summary with at least 20 topics and 5 groups, and leaves the output where it
 * says.
 */
class DevCommandTest {

  @Test
  void devModePrintsASummaryAndLeavesTheOutputWhereItSays(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit =
          KcrawlerCli.run(
              "dev",
              "--output",
              dir.resolve("out").toString(),
              "--artifacts",
              dir.resolve("a").toString());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(exit).as(out).isZero();
    assertThat(out).contains("SUCCEEDED");
    assertThat(count(out, "topics")).isGreaterThanOrEqualTo(20);
    assertThat(count(out, "consumerGroups")).isGreaterThanOrEqualTo(5);
    Matcher output = Pattern.compile("Output: (\\S+)").matcher(out);
    assertThat(output.find()).isTrue();
    Path location = Path.of(output.group(1));
    assertThat(location).startsWith(dir.resolve("out"));
    assertThat(location.resolve("topics.jsonl")).exists();
    assertThat(location.resolve("crawl-summary.json")).exists();
    assertThat(location.resolve("catalog/KafkaTopic.jsonl")).exists();
    assertThat(Files.readAllLines(location.resolve("topics.jsonl")))
        .hasSizeGreaterThanOrEqualTo(20);
  }

  private static long count(String out, String key) {
    Matcher m = Pattern.compile("^\\s+" + key + "\\s+([\\d,]+)$", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("line for " + key + " in\n" + out).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
