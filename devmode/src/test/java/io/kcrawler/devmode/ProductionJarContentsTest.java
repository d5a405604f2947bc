package io.kcrawler.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The production worker jar, which the Docker image copies as its only application file, holds what
 * a worker runs and nothing of the dev kit: no Kafka broker, no Scala, no Temporal test server, no
 * stand-ins. The reactor packages the worker before this module's tests run.
 */
class ProductionJarContentsTest {
  private static final Path WORKER_JAR = Path.of("..", "worker", "target", "kcrawler.jar");

  /** Prefixes of what only dev mode needs: the broker, Scala, the test server, the dev kit. */
  private static final List<String> DEV_ONLY =
      List.of(
          "org/apache/kafka/server/",
          "kafka/",
          "scala/",
          "org/apache/kafka/raft/",
          "org/apache/kafka/controller/",
          "org/apache/kafka/storage/",
          "io/temporal/testserver/",
          "io/temporal/internal/testservice/",
          "io/kcrawler/devkit/",
          "io/kcrawler/devmode/");

  @Test
  void givenTheWorkerJar_whenListed_thenItHoldsNoBrokerScalaTestServerOrDevKit() throws Exception {
    assertThat(WORKER_JAR).as("built by the reactor before this module").exists();
    // Two client libraries ship a few classes under those prefixes themselves: kafka-clients the
    // broker-plugin interfaces (org/apache/kafka/server/{authorizer,policy,quota,telemetry}),
    // temporal-serviceclient an in-process gRPC helper. Entries that come from those jars are the
    // clients', not the dev kit's.
    Set<String> fromClients = new TreeSet<>();
    fromClients.addAll(entries(jarOf(Admin.class)));
    fromClients.addAll(entries(jarOf(WorkflowServiceStubs.class)));

    Set<String> devOnly = new TreeSet<>();
    for (String entry : entries(WORKER_JAR)) {
      if (DEV_ONLY.stream().anyMatch(entry::startsWith) && !fromClients.contains(entry)) {
        devOnly.add(entry);
      }
    }

    assertThat(devOnly).isEmpty();
    assertThat(entries(WORKER_JAR)).contains("io/kcrawler/worker/CrawlerWorker.class");
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Set<String> entries(Path jar) throws IOException {
    Set<String> names = new TreeSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")).forEach(names::add);
    }
    return names;
  }
}
