package io.kcrawler.worker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.TlsMaterial;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import org.apache.kafka.clients.admin.Admin;

/**
 * A broker whose only client listener speaks TLS, seeded with the demo dataset: SSL (server
 * certificate from a private CA, no client authentication) or mutual TLS ({@code
 * ssl.client.auth=required}, the StandardAuthorizer, and the README's minimal ACLs for the
 * crawler's certificate principal {@code User:CN=kcrawler-crawler}).
 */
final class TlsCluster implements AutoCloseable {
  static final String CRAWLER_CN = "kcrawler-crawler";
  static final String KEYSTORE_PASSWORD = "Cl1ent-Keystore-Pa55!";

  final EmbeddedKafkaCluster kafka;
  final DemoData demo = new DemoData();
  final DemoData.Dataset dataset;

  /** The crawler's certificate (mutual TLS only): PEM chain and key, and PKCS12 keystore. */
  final TlsMaterial.ClientCertificate crawler;

  private TlsCluster(boolean mutual) throws Exception {
    kafka =
        mutual
            ? EmbeddedKafkaCluster.builder().mutualTls().withAuthorizer().start()
            : EmbeddedKafkaCluster.builder().ssl().start();
    try {
      dataset = demo.seed(kafka.adminClientProperties());
      if (mutual) {
        crawler = kafka.issueClientCertificate(CRAWLER_CN, KEYSTORE_PASSWORD);
        try (Admin admin = Admin.create(kafka.adminClientProperties())) {
          admin.createAcls(SecureCluster.minimalAcls("User:CN=" + CRAWLER_CN)).all().get();
        }
      } else {
        crawler = null;
      }
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  static TlsCluster ssl() throws Exception {
    return new TlsCluster(false);
  }

  static TlsCluster mutualTls() throws Exception {
    return new TlsCluster(true);
  }

  /** Trusting the cluster's CA through a PEM file. */
  TlsConfig trustingCa() {
    return TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
  }

  CrawlRequest request(String connectionId, TlsConfig tls) {
    return request(connectionId, kafka.bootstrapServers(), tls);
  }

  CrawlRequest request(String connectionId, String bootstrapServers, TlsConfig tls) {
    return CrawlRequest.of(connectionId, bootstrapServers).withSecurity(SecurityConfig.ssl(tls));
  }

  /** Every Kafka phase ran to completion over the listener and saw the whole dataset. */
  void assertEveryPhaseCrawled(CrawlSummary summary) {
    assertEveryPhaseCrawled(summary, kafka.clusterId(), dataset);
  }

  /** Every Kafka phase of {@code summary} completed on cluster {@code clusterId} with all of it. */
  static void assertEveryPhaseCrawled(
      CrawlSummary summary, String clusterId, DemoData.Dataset dataset) {
    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(summary.clusterId()).isEqualTo(clusterId);
    assertThat(summary.phases())
        .extracting(PhaseSummary::phase)
        .contains(
            Phases.PREFLIGHT,
            Phases.TOPICS,
            Phases.TOPIC_CONFIGS,
            Phases.BROKERS,
            Phases.CONSUMER_GROUPS);
    assertThat(summary.phases())
        .allSatisfy(
            p -> assertThat(p.status()).as(p.phase()).isIn(PhaseStatus.OK, PhaseStatus.SKIPPED))
        .filteredOn(p -> !p.phase().equals(Phases.SCHEMAS) && !p.phase().equals(Phases.PUBLISH))
        .allSatisfy(p -> assertThat(p.status()).as(p.phase()).isEqualTo(PhaseStatus.OK));
    assertThat(summary.counts())
        .containsEntry("topics", (long) dataset.topics().size())
        .containsEntry("topicConfigs", (long) dataset.topics().size())
        .containsEntry("consumerGroups", (long) dataset.groups().size());
    assertThat(summary.counts().get("brokerConfigEntries")).isPositive();
    assertThat(summary.counts().get("committedOffsets")).isPositive();
    assertThat(summary.counts().getOrDefault("denied", 0L)).as("denied operations").isZero();
  }

  @Override
  public void close() {
    demo.stopMembers();
    kafka.close();
  }
}
