package io.kcrawler.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.FailureType;
import io.kcrawler.workflow.CrawlActivityPolicies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The README's retry and timeout table is the one in code: every activity's row states the timeouts
 * and attempts of {@link CrawlActivityPolicies}, and every retry is bounded.
 */
class RetryPolicyTableTest {

  @Test
  void readmeTableMatchesThePoliciesInCode() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> rows = new ArrayList<>();
    for (String line : readme.split("\n")) {
      if (line.startsWith("| ") && line.matches("\\|[^|]+\\| [0-9]+ (s|min|h) \\|.*")) {
        rows.add(line);
      }
    }
    assertThat(rows).hasSize(CrawlActivityPolicies.values().length);
    for (CrawlActivityPolicies policy : CrawlActivityPolicies.values()) {
      String name =
          policy == CrawlActivityPolicies.RELEASE
              ? "release client"
              : policy.name().toLowerCase(Locale.ROOT).replace('_', ' ');
      String row =
          rows.stream()
              .filter(r -> r.startsWith("| " + name + " |"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no README row for " + name));
      String[] cells = row.split("\\|");
      assertThat(cells[2].trim())
          .as(name + " start-to-close")
          .isEqualTo(human(policy.startToClose()));
      assertThat(cells[3].trim())
          .as(name + " heartbeat")
          .isEqualTo(policy.heartbeat() == null ? "—" : human(policy.heartbeat()));
      assertThat(cells[4].trim())
          .as(name + " schedule-to-close")
          .isEqualTo(human(policy.scheduleToClose()));
      assertThat(cells[6].trim())
          .as(name + " attempts")
          .isEqualTo(String.valueOf(policy.maximumAttempts()));
      assertThat(policy.maximumAttempts()).isPositive();
      assertThat(policy.scheduleToClose()).isNotNull();
    }
    for (String type : FailureType.nonRetryableTypes()) {
      assertThat(readme).contains("`" + type + "`");
    }
  }

  private static String human(Duration d) {
    if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return d.toHours() + " h";
    }
    if (d.toMinutes() > 0 && d.toSecondsPart() == 0) {
      return d.toMinutes() + " min";
    }
    return d.toSeconds() + " s";
  }
}
