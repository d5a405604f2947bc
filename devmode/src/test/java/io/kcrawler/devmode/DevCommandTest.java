package io.kcrawler.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.devkit.atlan.AtlasTypeSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README command 1, in-process: {@code kcrawler dev} starts Temporal, a seeded broker and a worker,
 * crawls, prints a summary with at least 20 topics and 5 groups, and leaves the output where it
 * says; its catalog output is what Atlan's type system accepts whole.
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
          DevCli.run(
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
    assertCatalogConformsToAtlan(location.resolve("catalog"));
  }

  /**
   * The catalog output as Atlan would take it: every entity passes the checks of Atlan's type
   * system (no unknown type or attribute, no invalid enum value, no wrong value type), a Connection
   * comes with it, and every relationship points at an asset of the output.
   */
  private static void assertCatalogConformsToAtlan(Path catalog) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    AtlasTypeSystem atlan = AtlasTypeSystem.bundled();
    Map<String, String> typeOf = new HashMap<>();
    List<JsonNode> entities = new ArrayList<>();
    try (Stream<Path> files = Files.list(catalog)) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".jsonl"))
              .filter(p -> !p.getFileName().toString().equals("deletions.jsonl"))
              .toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode e = mapper.readTree(line);
          entities.add(e);
          typeOf.put(
              e.path("attributes").path("qualifiedName").asText(), e.path("typeName").asText());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (JsonNode e : entities) {
      atlan.validate(e).forEach(v -> problems.add(v.toString()));
      for (String target : AtlasTypeSystem.references(e)) {
        if (!typeOf.containsKey(target)) {
          problems.add("relationship to " + target + " which the output does not hold");
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(typeOf.values())
        .containsOnlyOnce("Connection", "KafkaCluster")
        .contains(
            "KafkaTopic",
            "KafkaConsumerGroup",
            "SchemaRegistrySubject",
            "SchemaRegistryVersion",
            "KafkaField");
    String connection =
        entities.stream()
            .filter(e -> e.path("typeName").asText().equals("Connection"))
            .findFirst()
            .orElseThrow()
            .path("attributes")
            .path("qualifiedName")
            .asText();
    assertThat(entities)
        .filteredOn(e -> !e.path("typeName").asText().equals("Connection"))
        .allSatisfy(
            e ->
                assertThat(e.path("attributes").path("connectionQualifiedName").asText())
                    .isEqualTo(connection));
  }

  private static long count(String out, String key) {
    Matcher m = Pattern.compile("^\\s+" + key + "\\s+([\\d,]+)$", Pattern.MULTILINE).matcher(out);
    assertThat(m.find()).as("line for " + key + " in\n" + out).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
