package io.kcrawler.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.worker.support.PortBoundTemporal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a cluster crawled by {@code crawl --wait --fail-on high}, the baseline crawl exits 0; when
 * a topic's retention is then lowered, the next crawl prints the risk counts and the --fail-on line
 * and exits 3.
 */
class CrawlFailOnIntegrationTest {
  @TempDir Path dir;

  @Test
  void aHighFindingMakesTheCrawlExit3() throws Exception {
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().start();
        PortBoundTemporal temporal = PortBoundTemporal.start(dir);
        Admin admin = Admin.create(kafka.adminClientProperties())) {
      kafka.createTopics(
          List.of(new NewTopic("orders", 1, (short) 1).configs(Map.of("retention.ms", "86400000"))),
          Duration.ofMinutes(1));
      Path request =
          Files.writeString(
              dir.resolve("gate.json"),
              "{\"connectionId\":\"gate\",\"bootstrapServers\":\""
                  + kafka.bootstrapServers()
                  + "\",\"outputLocation\":\""
                  + dir.resolve("output").toString().replace("\\", "\\\\")
                  + "\"}");
      String[] args = {
        "crawl",
        "--address",
        temporal.address(),
        "--request",
        request.toString(),
        "--wait",
        "--progress-interval",
        "200ms",
        "--fail-on",
        "high"
      };

      CliRun baseline = CliRun.of(args);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, "orders"),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
          .all()
          .get();
      CliRun risky = CliRun.of(args);

      assertThat(baseline.exit()).as(baseline.toString()).isZero();
      assertThat(baseline.out())
          .contains("Risk: 0 high, 0 medium, 0 low")
          .contains("--fail-on high: no finding at HIGH or above");
      assertThat(risky.exit()).as(risky.toString()).isEqualTo(KcrawlerCli.EXIT_RISK);
      assertThat(risky.out())
          .contains("Risk: 1 high, 0 medium, 0 low (catalog/change-report.md)")
          .contains(
              "--fail-on high: 1 finding at HIGH or above (see catalog/change-report.md): exit 3");
    }
  }
}
