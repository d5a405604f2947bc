package io.kcrawler.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.catalog.AtlanModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's publish section names every type, attribute and relationship publish sends (those of
 * {@link AtlanModel}, the only place they are defined), so the documentation cannot fall behind the
 * code.
 */
class PublishTableTest {

  @Test
  void everyTypeAttributeAndRelationshipPublishSendsIsInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section =
        readme.substring(
            readme.indexOf("## Publish: what reaches Atlan"),
            readme.indexOf("## Retry and timeout policy"));
    List<String> missing = new ArrayList<>();
    for (AtlanModel.AssetType type : AtlanModel.all()) {
      check(section, type.name(), missing);
      type.attributes().forEach(a -> check(section, a.name(), missing));
      type.relationships().forEach(r -> check(section, r.name(), missing));
    }
    // kafkaEnvironment is filled only from a confluentCloud block's environment label.
    assertThat(missing).isEmpty();
  }

  private static void check(String section, String name, List<String> missing) {
    if (!section.contains("`" + name + "`") && !missing.contains(name)) {
      missing.add(name);
    }
  }
}
