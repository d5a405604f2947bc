package io.kcrawler.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.CertificateAuthority;
import io.kcrawler.devkit.TlsMaterial;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Admin client's settings for each security mode, named by Kafka's {@code SslConfigs} and
 * {@code SaslConfigs} and, for AWS_MSK_IAM, as aws-msk-iam-auth's README writes them; secret
 * references resolved, and TLS material Kafka cannot load refused as the settings' fault.
 */
class KafkaClientPropertiesTest {
  private static final String KEYSTORE_PASSWORD = "Keystore-Pw-For-Unit-Test";

  /** The start of an RSA PKCS#8 key's body, and not a whole key: what a leak would show. */
  private static final String KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC";

  private static final EnvFileSecretResolver SECRETS =
      new EnvFileSecretResolver(
          Map.of(
              "KS_PW",
              KEYSTORE_PASSWORD,
              "KEY_PW",
              "Key-Pw-For-Unit-Test",
              "TS_PW",
              TlsMaterial.STORE_PASSWORD,
              "CLIENT_KEY",
              "-----BEGIN PRIVATE KEY-----\n" + KEY_BODY + "\n-----END PRIVATE KEY-----\n",
              "CLIENT_CERT",
              "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n",
              "CA",
              "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"));

  @TempDir static Path dir;
  private static CertificateAuthority ca;

  @BeforeAll
  static void authority() throws Exception {
    ca = CertificateAuthority.create(dir.resolve("ca"), "unit-ca");
  }

  private static Properties build(SecurityConfig security) {
    return KafkaClientProperties.forRequest(
        CrawlRequest.of("c", "127.0.0.1:9093").withSecurity(security), SECRETS);
  }

  @Test
  void givenMutualTlsWithPem_whenBuilt_thenKafkaGetsThePemCaChainAndKeyInline() {
    Properties p =
        build(
            SecurityConfig.ssl(
                TlsConfig.caCertificate("env:CA")
                    .withClientCertificate("env:CLIENT_CERT", "env:CLIENT_KEY")));

    assertThat(p)
        .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM")
        .containsEntry(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM")
        .containsEntry(
            SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
            "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n")
        .containsEntry(
            SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
            "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n")
        .containsEntry(
            SslConfigs.SSL_KEYSTORE_KEY_CONFIG,
            "-----BEGIN PRIVATE KEY-----\n" + KEY_BODY + "\n-----END PRIVATE KEY-----\n")
        .doesNotContainKey(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
  }

  @Test
  void givenMutualTlsWithAKeystore_whenBuilt_thenKafkaGetsItsPathAndTheResolvedPasswords() {
    Properties p =
        build(
            SecurityConfig.ssl(
                TlsConfig.truststore("file:" + ca.truststore(), "env:TS_PW")
                    .withKeystore("file:/etc/kafka/client.p12", "env:KS_PW", "env:KEY_PW")
                    .withVerifyHostname(false)));

    assertThat(p)
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ca.truststore().toString())
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TlsMaterial.STORE_PASSWORD)
        .containsEntry(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, "/etc/kafka/client.p12")
        .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, KEYSTORE_PASSWORD)
        .containsEntry(SslConfigs.SSL_KEY_PASSWORD_CONFIG, "Key-Pw-For-Unit-Test")
        .containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "")
        .doesNotContainKeys(
            SslConfigs.SSL_KEYSTORE_KEY_CONFIG, SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG);
  }

  @Test
  void givenAwsMskIamWithTheDefaultChain_whenBuilt_thenTheLibrarysDocumentedSettingsAreSet() {
    Properties p = build(SecurityConfig.awsMskIam(null, null));

    // Literally as aws-msk-iam-auth's README configures a client.
    assertThat(p)
        .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
        .containsEntry(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM")
        .containsEntry(
            SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;")
        .containsEntry(
            SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
        .containsEntry(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "1000");
  }

  @Test
  void givenAwsMskIamWithARole_whenBuilt_thenTheRoleOptionsAreOnTheJaasLineWithoutFallback() {
    Properties p =
        build(
            SecurityConfig.awsMskIam(null, "arn:aws:iam::123456789012:role/kcrawler-msk-read")
                .withRoleOptions("kcrawler", "atlan-7f3a", "eu-west-1"));

    assertThat(p.getProperty(SaslConfigs.SASL_JAAS_CONFIG))
        .isEqualTo(
            "software.amazon.msk.auth.iam.IAMLoginModule required"
                + " awsRoleArn=\"arn:aws:iam::123456789012:role/kcrawler-msk-read\""
                + " awsRoleSessionName=\"kcrawler\" awsRoleExternalId=\"atlan-7f3a\""
                + " awsStsRegion=\"eu-west-1\" awsAddDefaultProviders=\"false\";");
  }

  @Test
  void givenAwsMskIamWithAProfile_whenBuilt_thenTheProfileIsOnTheJaasLine() {
    Properties p = build(SecurityConfig.awsMskIam("msk_client", null));

    assertThat(p.getProperty(SaslConfigs.SASL_JAAS_CONFIG))
        .isEqualTo(
            "software.amazon.msk.auth.iam.IAMLoginModule required awsProfileName=\"msk_client\""
                + " awsAddDefaultProviders=\"false\";");
  }

  @Test
  void givenAPkcs12TruststoreWithoutItsPassword_whenBuilt_thenRefusedBeforeAnyHandshake() {
    // Without the password the JDK reads none of the (encrypted) certificates: the client would
    // trust nothing, and Kafka would retry every failed handshake as a lost connection.
    assertThatThrownBy(
            () -> build(SecurityConfig.ssl(TlsConfig.truststore("file:" + ca.truststore(), null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("security.tls.truststoreRef")
        .hasMessageContaining("no certificate readable without a password");
  }

  @Test
  void givenAKeystoreWithTheWrongPassword_whenTheClientIsBuilt_thenTheSettingsAreRefused()
      throws Exception {
    TlsMaterial.ClientCertificate client = ca.issueClient("crawler", "another-password");
    Properties p =
        build(
            SecurityConfig.ssl(
                TlsConfig.caCertificate("file:" + ca.certificatePem())
                    .withKeystore("file:" + client.keystore(), "env:KS_PW", null)));

    try (AdminClientPool pool = new AdminClientPool(Admin::create, Duration.ofMinutes(1))) {
      Throwable refused = catchThrowable(() -> pool.lease("c", p));
      assertThat(refused)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("keystore password was incorrect")
          .hasMessageContaining("security.tls");
      assertThat(stackTrace(refused)).doesNotContain(KEYSTORE_PASSWORD, "another-password");
      assertThat(pool.openClients()).isZero();
    }
  }

  @Test
  void givenAClientKeyThatIsNotAKey_whenTheClientIsBuilt_thenTheSettingsAreRefused() {
    // Real certificates around it: only the key is unusable.
    String certificate = "file:" + ca.certificatePem();
    Properties p =
        build(
            SecurityConfig.ssl(
                TlsConfig.caCertificate(certificate)
                    .withClientCertificate(certificate, "env:CLIENT_KEY")));

    try (AdminClientPool pool = new AdminClientPool(Admin::create, Duration.ofMinutes(1))) {
      Throwable refused = catchThrowable(() -> pool.lease("c", p));
      assertThat(refused)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the Kafka client cannot be built")
          .hasMessageContaining("Private key could not be loaded");
      assertThat(stackTrace(refused)).doesNotContain(KEY_BODY);
    }
  }

  /** Message, causes and frames: what a log line with the exception would print. */
  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
