package io.kcrawler.worker.security;

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
 * Given a broker whose only listener is SSL (certificate from a private CA, naming only 127.0.0.1),
 * when the crawler trusts that CA as a PEM (from a file or a secret store) or as a PKCS12
 * truststore, with host name verification on, or connects by a name the certificate lacks with
 * verification off, then every phase crawls the whole demo dataset; when it connects by that name
 * with verification on, or trusts an unrelated CA, the crawl fails at once with AUTH_FAILED naming
 * TLS, the broker and the reason, and nothing is retried.
 */
class TlsIntegrationTest {
  private static TlsCluster cluster;
  private static CrawlTestEnv env;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    cluster = TlsCluster.ssl();
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(
                Map.of(
                    "KAFKA_CA_PEM",
                    Files.readString(cluster.kafka.caCertificatePem()),
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
  void givenTheCaAsAPemFile_whenCrawledWithHostNameVerification_thenEveryPhaseCrawls() {
    cluster.assertEveryPhaseCrawled(
        env.crawl(cluster.request("tls-pem-file", cluster.trustingCa())));
  }

  @Test
  void givenTheCaAsAPemFromASecretStore_whenCrawled_thenEveryPhaseCrawls() {
    cluster.assertEveryPhaseCrawled(
        env.crawl(cluster.request("tls-pem-ref", TlsConfig.caCertificate("env:KAFKA_CA_PEM"))));
  }

  @Test
  void givenAPkcs12Truststore_whenCrawled_thenEveryPhaseCrawls() {
    TlsConfig truststore =
        TlsConfig.truststore("file:" + cluster.kafka.truststore(), "env:TRUSTSTORE_PW");
    cluster.assertEveryPhaseCrawled(env.crawl(cluster.request("tls-truststore", truststore)));
  }

  @Test
  void givenAHostNameTheCertificateLacks_whenVerificationIsOff_thenEveryPhaseCrawls() {
    cluster.assertEveryPhaseCrawled(
        env.crawl(
            cluster.request(
                "tls-no-verify", byLocalhost(), cluster.trustingCa().withVerifyHostname(false))));
  }

  @Test
  void givenAHostNameTheCertificateLacks_whenVerified_thenAuthFailedNamingTheHostName() {
    FailedCrawl failed =
        env.failedCrawl(cluster.request("tls-verify", byLocalhost(), cluster.trustingCa()));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("TLS handshake", byLocalhost(), "No name matching localhost", "verifyHostname");
  }

  @Test
  void givenAnUnrelatedCa_whenCrawled_thenAuthFailedNamingTlsAndTheBrokerWithoutRetry()
      throws Exception {
    CertificateAuthority unrelated = CertificateAuthority.create(dir.resolve("other"), "other-ca");

    FailedCrawl failed =
        env.failedCrawl(
            cluster.request(
                "tls-wrong-ca", TlsConfig.caCertificate("file:" + unrelated.certificatePem())));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("TLS handshake", cluster.kafka.bootstrapServers())
        .contains("unable to find valid certification path")
        .contains("security.tls.caCertificateRef or truststoreRef");
  }

  /** The listener by a name its certificate does not list (it names only 127.0.0.1). */
  private static String byLocalhost() {
    return cluster.kafka.bootstrapServers().replace("127.0.0.1", "localhost");
  }

  static void assertFailedOnceWithAuthFailed(FailedCrawl failed) {
    assertThat(failed.failure().getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(failed.failure().isNonRetryable()).isTrue();
    // Preflight once, then only the release of the connection: no retry of the failed attempt.
    assertThat(failed.activities()).containsExactly("Preflight", "ReleaseConnection");
    assertThat(failed.attempts()).containsOnly(1);
  }
}
