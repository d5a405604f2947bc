package io.kcrawler.worker.security;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.oauth.OAuthTokenContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import org.apache.kafka.clients.admin.Admin;

/**
 * A SASL_SSL broker that takes OAUTHBEARER tokens and validates them as Kafka does ({@code
 * OAuthBearerValidatorCallbackHandler}: RS256 signature against the identity provider's JWK Set,
 * audience and issuer), with the StandardAuthorizer, the demo dataset, and for the crawler's client
 * {@code kcrawler} (principal {@code User:kcrawler}, the token's subject) only the README's minimal
 * ACLs. The identity provider is {@link OAuthTokenContractServer} issuing signed JWTs.
 */
final class OAuthCluster implements AutoCloseable {
  static final String ISSUER = "https://idp.kcrawler.test";
  static final String AUDIENCE = "kafka";
  static final String CLIENT_ID = "kcrawler";
  static final String PRINCIPAL = "User:" + CLIENT_ID;

  final OAuthTokenContractServer idp;
  final EmbeddedKafkaCluster kafka;
  final DemoData demo = new DemoData();
  final DemoData.Dataset dataset;

  OAuthCluster(String clientSecret) throws Exception {
    idp =
        OAuthTokenContractServer.start()
            .client(CLIENT_ID, clientSecret)
            .signedJwts(ISSUER, AUDIENCE);
    EmbeddedKafkaCluster started = null;
    try {
      started =
          EmbeddedKafkaCluster.builder()
              .saslSsl("admin-pw")
              .oauthBearer(idp.jwksEndpoint(), AUDIENCE, ISSUER)
              .withAuthorizer()
              .start();
      kafka = started;
      dataset = demo.seed(kafka.adminClientProperties());
      try (Admin admin = Admin.create(kafka.adminClientProperties())) {
        admin.createAcls(SecureCluster.minimalAcls(PRINCIPAL)).all().get();
      }
    } catch (Exception | Error e) {
      demo.stopMembers();
      if (started != null) {
        started.close();
      }
      idp.close();
      throw e;
    }
  }

  /** A crawl as the client {@code kcrawler}, its secret from {@code secretRef}. */
  CrawlRequest request(String connectionId, String secretRef) {
    return request(connectionId, secretRef, idp.tokenEndpoint());
  }

  /** The same, with the token from {@code tokenEndpoint}. */
  CrawlRequest request(String connectionId, String secretRef, String tokenEndpoint) {
    return CrawlRequest.of(connectionId, kafka.bootstrapServers())
        .withSecurity(
            SecurityConfig.oauthBearer(
                new OAuthConfig(
                    tokenEndpoint, CLIENT_ID, secretRef, AUDIENCE, "lkc-test", "pool-test"),
                TlsConfig.caCertificate("file:" + kafka.caCertificatePem())));
  }

  @Override
  public void close() {
    demo.stopMembers();
    kafka.close();
    idp.close();
  }
}
