package io.kcrawler.worker.security;

import static io.kcrawler.worker.security.TlsIntegrationTest.assertFailedOnceWithAuthFailed;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.CertificateAuthority;
import io.kcrawler.devkit.TlsMaterial;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.CrawlTestEnv.FailedCrawl;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a broker whose listener requires a client certificate ({@code ssl.client.auth=required})
 * and authorizes with the StandardAuthorizer, where the crawler's certificate principal {@code
 * User:CN=kcrawler-crawler} holds only the README's minimal ACLs: when the crawler presents its
 * certificate and key as PEM (file and secret-store references) or as a PKCS12 keystore, then every
 * phase crawls the whole dataset with nothing denied; when it presents no certificate or one from
 * another CA, the crawl fails at once with AUTH_FAILED naming the client certificate; with a
 * keystore password that does not open the keystore, with INVALID_INPUT naming security.tls.
 */
class MutualTlsIntegrationTest {
  private static TlsCluster cluster;
  private static CrawlTestEnv env;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    cluster = TlsCluster.mutualTls();
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(
                Map.of(
                    "CLIENT_KEY_PEM",
                    Files.readString(cluster.crawler.privateKeyPem()),
                    "KEYSTORE_PW",
                    TlsCluster.KEYSTORE_PASSWORD,
                    "WRONG_KEYSTORE_PW",
                    "not-the-keystore-password",
                    "OTHER_KEYSTORE_PW",
                    "other-ca-keystore-pw",
                    "TRUSTSTORE_PW",
                    TlsMaterial.STORE_PASSWORD)),
            WorkerFactoryOptions.getDefaultInstance());
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void givenTheClientCertificateAndKeyAsPemFiles_whenCrawled_thenEveryPhaseCrawls() {
    TlsConfig pem =
        cluster
            .trustingCa()
            .withClientCertificate(
                "file:" + cluster.crawler.certificateChainPem(),
                "file:" + cluster.crawler.privateKeyPem());
    cluster.assertEveryPhaseCrawled(env.crawl(cluster.request("mtls-pem-file", pem)));
  }

  @Test
  void givenTheClientKeyFromASecretStore_whenCrawled_thenEveryPhaseCrawls() {
    TlsConfig pem =
        cluster
            .trustingCa()
            .withClientCertificate(
                "file:" + cluster.crawler.certificateChainPem(), "env:CLIENT_KEY_PEM");
    cluster.assertEveryPhaseCrawled(env.crawl(cluster.request("mtls-pem-ref", pem)));
  }

  @Test
  void givenAPkcs12ClientKeystoreAndTruststore_whenCrawled_thenEveryPhaseCrawls() {
    TlsConfig keystore =
        TlsConfig.truststore("file:" + cluster.kafka.truststore(), "env:TRUSTSTORE_PW")
            .withKeystore("file:" + cluster.crawler.keystore(), "env:KEYSTORE_PW", null);
    cluster.assertEveryPhaseCrawled(env.crawl(cluster.request("mtls-keystore", keystore)));
  }

  @Test
  void givenNoClientCertificate_whenCrawled_thenAuthFailedNamingTheClientCertificate() {
    FailedCrawl failed = env.failedCrawl(cluster.request("mtls-no-cert", cluster.trustingCa()));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("TLS handshake", cluster.kafka.bootstrapServers())
        .contains("refused the client certificate", "clientCertificateRef", "keystoreRef");
  }

  @Test
  void givenACertificateFromAnotherCa_whenCrawled_thenAuthFailedNamingTheClientCertificate()
      throws Exception {
    TlsMaterial.ClientCertificate intruder =
        CertificateAuthority.create(dir.resolve("other"), "other-ca")
            .issueClient(TlsCluster.CRAWLER_CN, "other-ca-keystore-pw");

    FailedCrawl failed =
        env.failedCrawl(
            cluster.request(
                "mtls-other-ca",
                cluster
                    .trustingCa()
                    .withKeystore("file:" + intruder.keystore(), "env:OTHER_KEYSTORE_PW", null)));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("TLS handshake", "refused the client certificate");
  }

  @Test
  void givenAKeystorePasswordThatDoesNotOpenIt_whenCrawled_thenInvalidInputNamingSecurityTls() {
    FailedCrawl failed =
        env.failedCrawl(
            cluster.request(
                "mtls-wrong-ks-pw",
                cluster
                    .trustingCa()
                    .withKeystore(
                        "file:" + cluster.crawler.keystore(), "env:WRONG_KEYSTORE_PW", null)));

    assertThat(failed.failure().getType()).isEqualTo(FailureType.INVALID_INPUT.name());
    assertThat(failed.failure().isNonRetryable()).isTrue();
    assertThat(failed.attempts()).containsOnly(1);
    assertThat(failed.failure().getOriginalMessage())
        .contains("keystore password was incorrect", "security.tls")
        .doesNotContain("not-the-keystore-password");
  }
}
