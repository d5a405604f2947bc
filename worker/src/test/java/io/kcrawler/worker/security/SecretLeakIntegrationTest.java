package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Given known secret values (the cluster's password, a registry's OAuth client secret), when one
 * crawl succeeds with them and one fails on a wrong password, then neither value appears anywhere:
 * not in the workflow histories (every payload and failure), not in the captured log output, not in
 * any artifact or output file, not in the summaries.
 */
class SecretLeakIntegrationTest {
  private static final String WRONG_PASSWORD = "Wr0ng-But-Still-Secret-9911";
  private static final String SR_CLIENT_SECRET = "Sr-0Auth-Client-Secret-4471";

  @Test
  void noSecretValueAppearsInHistoryLogsOutputOrSummary() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger clients = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
    Level previous = clients.getLevel();
    // Kafka's clients print their whole configuration at INFO: make sure it is captured.
    clients.setLevel(Level.INFO);
    root.addAppender(logs);
    List<String> haystack = new ArrayList<>();
    try (SecureCluster cluster = new SecureCluster();
        OAuthTokenContractServer idp =
            OAuthTokenContractServer.start().client("kcrawler", SR_CLIENT_SECRET);
        SchemaRegistryContractServer registry = SchemaRegistryContractServer.start();
        CrawlTestEnv env =
            CrawlTestEnv.start(
                new EnvFileSecretResolver(
                    Map.of(
                        "GOOD", SecureCluster.CRAWLER_PASSWORD,
                        "BAD", WRONG_PASSWORD,
                        "SR_SECRET", SR_CLIENT_SECRET)),
                WorkerFactoryOptions.getDefaultInstance())) {
      // The registry takes OAuth tokens from the client credentials grant: its secret too.
      registry.register("orders-value", "AVRO", "\"string\"");
      registry.requireOAuth(idp::live, "lsrc-leak", "pool-leak");
      SchemaRegistryConfig oauth =
          new SchemaRegistryConfig(
              registry.url(),
              "OAUTH",
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              new OAuthConfig(
                  idp.tokenEndpoint(),
                  "kcrawler",
                  "env:SR_SECRET",
                  null,
                  "lsrc-leak",
                  "pool-leak"));
      WorkflowStub ok =
          env.start(
              Json.mapper()
                  .valueToTree(
                      cluster.request("leak-ok", "crawler", "env:GOOD").withSchemaRegistry(oauth)));
      CrawlSummary summary = ok.getResult(CrawlSummary.class);
      assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(summary.counts()).containsEntry("subjects", 1L);
      assertThat(idp.issued()).isPositive();
      haystack.add(summary.toString());
      haystack.add(Json.mapper().writeValueAsString(summary));

      WorkflowStub bad =
          env.start(Json.mapper().valueToTree(cluster.request("leak-bad", "crawler", "env:BAD")));
      Throwable failure = catchThrowable(() -> bad.getResult(CrawlSummary.class));
      assertThat(failure).isNotNull();
      haystack.add(
          ThrowableProxyUtil.asString(new ch.qos.logback.classic.spi.ThrowableProxy(failure)));

      for (WorkflowStub stub : List.of(ok, bad)) {
        for (HistoryEvent e : env.history(stub.getExecution().getWorkflowId())) {
          haystack.add(new String(e.toByteArray(), StandardCharsets.ISO_8859_1));
          haystack.add(e.toString());
        }
      }
      haystack.addAll(filesUnder(env.outputDir()));
      haystack.addAll(filesUnder(env.artifactDir()));
    } finally {
      root.detachAppender(logs);
      clients.setLevel(previous);
    }
    for (ILoggingEvent e : logs.list) {
      haystack.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        haystack.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }

    assertThat(logs.list).hasSizeGreaterThan(20);
    assertThat(haystack).hasSizeGreaterThan(100);
    for (String secret :
        List.of(SecureCluster.CRAWLER_PASSWORD, WRONG_PASSWORD, SR_CLIENT_SECRET)) {
      long hits = haystack.stream().filter(s -> s.contains(secret)).count();
      assertThat(hits).as("occurrences of a secret value").isZero();
    }
  }

  private static List<String> filesUnder(Path dir) throws IOException {
    List<String> contents = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        contents.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(contents).isNotEmpty();
    return contents;
  }
}
