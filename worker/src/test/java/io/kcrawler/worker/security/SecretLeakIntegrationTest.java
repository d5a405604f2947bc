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
import io.kcrawler.model.CrawlRequest;
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
 * Given known secret values, when crawls succeed with them and fail on wrong ones, then no value
 * appears anywhere: not in the workflow histories (every payload and failure), not in the captured
 * log output, not in any artifact or output file, not in the summaries. Covered: SASL passwords, a
 * registry's OAuth client secret, Kafka's OAUTHBEARER client secret, and for mutual TLS a keystore
 * password and a client private key (PEM from a secret reference).
 */
class SecretLeakIntegrationTest {
  private static final String WRONG_PASSWORD = "Wr0ng-But-Still-Secret-9911";
  private static final String WRONG_KEYSTORE_PASSWORD = "Wr0ng-Keystore-Secret-4417";
  private static final String SR_CLIENT_SECRET = "Sr-0Auth-Client-Secret-4471";
  private static final String KAFKA_CLIENT_SECRET = "Kafka-0Auth-Client-Secret-2290";
  private static final String WRONG_KAFKA_CLIENT_SECRET = "Wr0ng-Kafka-0Auth-Secret-7731";

  @Test
  void noSecretValueAppearsInHistoryLogsOutputOrSummary() throws Exception {
    LeakScan scan = new LeakScan();
    try (scan;
        SecureCluster cluster = new SecureCluster();
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
      CrawlSummary summary =
          scan.succeeds(
              env, cluster.request("leak-ok", "crawler", "env:GOOD").withSchemaRegistry(oauth));
      assertThat(summary.counts()).containsEntry("subjects", 1L);
      assertThat(idp.issued()).isPositive();
      scan.fails(env, cluster.request("leak-bad", "crawler", "env:BAD"));
      scan.files(env);
    }
    scan.assertNoneOf(SecureCluster.CRAWLER_PASSWORD, WRONG_PASSWORD, SR_CLIENT_SECRET);
  }

  @Test
  void noKeystorePasswordOrClientKeyAppearsInHistoryLogsOutputOrSummary() throws Exception {
    LeakScan scan = new LeakScan();
    String keyPem;
    try (scan;
        TlsCluster cluster = TlsCluster.mutualTls()) {
      keyPem = Files.readString(cluster.crawler.privateKeyPem());
      try (CrawlTestEnv env =
          CrawlTestEnv.start(
              new EnvFileSecretResolver(
                  Map.of(
                      "KEYSTORE_PW", TlsCluster.KEYSTORE_PASSWORD,
                      "WRONG_KEYSTORE_PW", WRONG_KEYSTORE_PASSWORD,
                      "CLIENT_KEY", keyPem)),
              WorkerFactoryOptions.getDefaultInstance())) {
        String keystore = "file:" + cluster.crawler.keystore();
        scan.succeeds(
            env,
            cluster.request(
                "leak-keystore",
                cluster.trustingCa().withKeystore(keystore, "env:KEYSTORE_PW", null)));
        scan.succeeds(
            env,
            cluster.request(
                "leak-pem-key",
                cluster
                    .trustingCa()
                    .withClientCertificate(
                        "file:" + cluster.crawler.certificateChainPem(), "env:CLIENT_KEY")));
        scan.fails(
            env,
            cluster.request(
                "leak-bad-keystore",
                cluster.trustingCa().withKeystore(keystore, "env:WRONG_KEYSTORE_PW", null)));
        scan.files(env);
      }
    }
    // Any one line of the key's base64 body is enough to give part of the key away.
    List<String> keyLines =
        keyPem.lines().filter(l -> !l.startsWith("-----") && l.length() >= 32).toList();
    assertThat(keyLines).hasSizeGreaterThan(10);
    List<String> secrets = new ArrayList<>(keyLines);
    secrets.addAll(List.of(TlsCluster.KEYSTORE_PASSWORD, WRONG_KEYSTORE_PASSWORD));
    scan.assertNoneOf(secrets.toArray(String[]::new));
  }

  @Test
  void noKafkaOAuthClientSecretAppearsInHistoryLogsOutputOrSummary() throws Exception {
    LeakScan scan = new LeakScan();
    try (scan;
        OAuthCluster cluster = new OAuthCluster(KAFKA_CLIENT_SECRET);
        CrawlTestEnv env =
            CrawlTestEnv.start(
                new EnvFileSecretResolver(
                    Map.of(
                        "KAFKA_OAUTH_SECRET", KAFKA_CLIENT_SECRET,
                        "WRONG_KAFKA_OAUTH_SECRET", WRONG_KAFKA_CLIENT_SECRET)),
                WorkerFactoryOptions.getDefaultInstance())) {
      scan.succeeds(env, cluster.request("leak-oauth", "env:KAFKA_OAUTH_SECRET"));
      assertThat(cluster.idp.issued()).isPositive();
      // Refused by the token endpoint: the secret went out in the token request, and must not
      // come back in the failure, its cause chain or Kafka's login error log.
      scan.fails(env, cluster.request("leak-oauth-bad", "env:WRONG_KAFKA_OAUTH_SECRET"));
      scan.files(env);
    }
    scan.assertNoneOf(KAFKA_CLIENT_SECRET, WRONG_KAFKA_CLIENT_SECRET);
  }

  /**
   * Captures every log event (Kafka's clients print their whole configuration at INFO) and collects
   * summaries, failures, histories and files into one haystack.
   */
  private static final class LeakScan implements AutoCloseable {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger clients = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
    private final Level previous = clients.getLevel();
    private final List<String> haystack = new ArrayList<>();
    private boolean detached;

    LeakScan() {
      logs.start();
      clients.setLevel(Level.INFO);
      root.addAppender(logs);
    }

    CrawlSummary succeeds(CrawlTestEnv env, CrawlRequest request) throws IOException {
      WorkflowStub stub = env.start(Json.mapper().valueToTree(request));
      CrawlSummary summary = stub.getResult(CrawlSummary.class);
      assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
      haystack.add(summary.toString());
      haystack.add(Json.mapper().writeValueAsString(summary));
      history(env, stub);
      return summary;
    }

    void fails(CrawlTestEnv env, CrawlRequest request) {
      WorkflowStub stub = env.start(Json.mapper().valueToTree(request));
      Throwable failure = catchThrowable(() -> stub.getResult(CrawlSummary.class));
      assertThat(failure).isNotNull();
      haystack.add(
          ThrowableProxyUtil.asString(new ch.qos.logback.classic.spi.ThrowableProxy(failure)));
      history(env, stub);
    }

    private void history(CrawlTestEnv env, WorkflowStub stub) {
      for (HistoryEvent e : env.history(stub.getExecution().getWorkflowId())) {
        haystack.add(new String(e.toByteArray(), StandardCharsets.ISO_8859_1));
        haystack.add(e.toString());
      }
    }

    void files(CrawlTestEnv env) throws IOException {
      haystack.addAll(filesUnder(env.outputDir()));
      haystack.addAll(filesUnder(env.artifactDir()));
    }

    void assertNoneOf(String... secrets) {
      detach();
      for (ILoggingEvent e : logs.list) {
        haystack.add(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
          haystack.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
      }
      assertThat(logs.list).hasSizeGreaterThan(20);
      assertThat(haystack).hasSizeGreaterThan(100);
      for (String secret : secrets) {
        long hits = haystack.stream().filter(s -> s.contains(secret)).count();
        assertThat(hits).as("occurrences of a secret value").isZero();
      }
    }

    private void detach() {
      if (!detached) {
        detached = true;
        root.detachAppender(logs);
        clients.setLevel(previous);
      }
    }

    @Override
    public void close() {
      detach();
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
