package io.kcrawler.worker.security;

import static io.kcrawler.worker.security.TlsIntegrationTest.assertFailedOnceWithAuthFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.MskIamStandIn;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.CrawlTestEnv.FailedCrawl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL/AWS_MSK_IAM as far as it runs without Amazon MSK: the crawler's client side is the real
 * aws-msk-iam-auth (settings from the request, credentials from the AWS SDK's chain or a named
 * profile, a SigV4-signed login), the broker is a real Kafka broker, and only its AWS_MSK_IAM
 * mechanism is a stand-in ({@link MskIamStandIn}: it admits one access key id and checks the
 * payload's shape, not the signature). Given the worker's default chain holding the admitted key,
 * every phase crawls; given a profile whose key the broker refuses, or one the worker does not
 * have, the crawl fails at once with AUTH_FAILED naming the identity.
 */
class AwsMskIamIntegrationTest {
  private static final String ADMITTED_KEY = "AKIAKCRAWLERADMIT01";
  private static final String REFUSED_KEY = "AKIAKCRAWLERREFUSE1";
  private static final Map<String, String> AWS_SETTINGS = new HashMap<>();

  @TempDir static Path dir;
  private static EmbeddedKafkaCluster kafka;
  private static final DemoData demo = new DemoData();
  private static DemoData.Dataset dataset;
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "AWS credentials in the environment");
    assumeTrue(System.getenv("AWS_PROFILE") == null, "an AWS profile in the environment");
    Path credentials =
        Files.writeString(
            dir.resolve("credentials"),
            """
            [refused]
            aws_access_key_id = %s
            aws_secret_access_key = refused-secret-never-logged
            """
                .formatted(REFUSED_KEY));
    // The worker's AWS SDK setup: the default chain's system-property credentials, a shared
    // credentials file with one more profile, a region (a broker at 127.0.0.1 names none), and
    // no EC2 metadata service (the chain's last resort does not exist here).
    setAws("aws.accessKeyId", ADMITTED_KEY);
    setAws("aws.secretAccessKey", "admitted-secret-never-logged");
    setAws("aws.region", "eu-west-1");
    setAws("aws.sharedCredentialsFile", credentials.toString());
    setAws("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    setAws("aws.disableEc2Metadata", "true");
    kafka = EmbeddedKafkaCluster.builder().saslSsl("admin-pw").mskIamStandIn(ADMITTED_KEY).start();
    dataset = demo.seed(kafka.adminClientProperties());
    env = CrawlTestEnv.start();
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
    demo.stopMembers();
    if (kafka != null) {
      kafka.close();
    }
    AWS_SETTINGS.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  private static void setAws(String key, String value) {
    AWS_SETTINGS.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private static CrawlRequest request(String connectionId, SecurityConfig security) {
    return CrawlRequest.of(connectionId, kafka.bootstrapServers())
        .withSecurity(
            security.withTls(TlsConfig.caCertificate("file:" + kafka.caCertificatePem())));
  }

  @Test
  void givenTheDefaultChainWithAnAdmittedKey_whenCrawled_thenEveryPhaseCrawls() {
    TlsCluster.assertEveryPhaseCrawled(
        env.crawl(request("msk-default-chain", SecurityConfig.awsMskIam(null, null))),
        kafka.clusterId(),
        dataset);
  }

  @Test
  void givenAProfileWhoseKeyIsRefused_whenCrawled_thenAuthFailedNamingTheProfile() {
    FailedCrawl failed =
        env.failedCrawl(request("msk-refused", SecurityConfig.awsMskIam("refused", null)));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("SASL/AWS_MSK_IAM", "the AWS profile 'refused'", "Access denied")
        .contains("kafka-cluster:Connect")
        .doesNotContain("refused-secret-never-logged");
  }

  @Test
  void givenAProfileTheWorkerDoesNotHave_whenCrawled_thenAuthFailedWithoutFallingBack() {
    // The default chain would be admitted: the named profile must not silently fall back to it.
    FailedCrawl failed =
        env.failedCrawl(request("msk-no-profile", SecurityConfig.awsMskIam("absent", null)));

    assertFailedOnceWithAuthFailed(failed);
    assertThat(failed.failure().getOriginalMessage())
        .contains("SASL/AWS_MSK_IAM", "the AWS profile 'absent'");
  }
}
