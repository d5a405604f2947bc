package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's rule table lists every risk rule with the level the code gives it, and no other. */
class RiskRuleReadmeTest {

  @Test
  void everyRuleIsInTheReadmeTableWithItsLevel() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Risk-classified change report");
    String table =
        readme.substring(start, readme.indexOf("**Transitions, not conditions.**", start));
    List<String> rows = new ArrayList<>();
    for (String line : table.lines().toList()) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        rows.add(cells[1].trim() + " " + cells[2].trim());
      }
    }
    List<String> expected = new ArrayList<>();
    for (RiskRule r : RiskRule.values()) {
      expected.add("`" + r.id() + "` " + r.level());
    }
    assertThat(rows).containsExactlyElementsOf(expected);
  }
}
