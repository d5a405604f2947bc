package io.kcrawler.activities.kafka;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Builds the Admin client's properties from a request, resolving its credential references on this
 * worker. The result holds secret values: it is passed to the client and never logged (Kafka itself
 * prints password-typed keys as [hidden]).
 */
final class KafkaClientProperties {
  private KafkaClientProperties() {}

  static Properties forRequest(CrawlRequest request, SecretResolver secrets) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, request.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kcrawler-" + request.connectionId());
    p.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        String.valueOf(KafkaLimits.API_TIMEOUT.toMillis()));
    // Without a cap the client keeps retrying a rejected SASL handshake forever.
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
    p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "10000");
    request.extraClientProperties().forEach(p::put);
    SecurityConfig security = request.securityOrDefault();
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocolOrDefault());
    if (security.usesSasl()) {
      String username =
          security.usernameRef() != null
              ? secrets.resolveField("security.usernameRef", security.usernameRef())
              : security.username();
      String password = secrets.resolveField("security.passwordRef", security.passwordRef());
      String module =
          security.saslMechanism().equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put(SaslConfigs.SASL_MECHANISM, security.saslMechanism());
      p.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          module
              + " required username=\""
              + jaasEscape(username)
              + "\" password=\""
              + jaasEscape(password)
              + "\";");
    }
    if (security.usesTls() && security.tls() != null) {
      applyTls(p, security.tls(), secrets);
    }
    return p;
  }

  private static void applyTls(Properties p, TlsConfig tls, SecretResolver secrets) {
    if (tls.caCertificateRef() != null) {
      // PEM content inline: the reference may live in a vault, not on this disk.
      p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      p.put(
          SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
          secrets.resolveField("security.tls.caCertificateRef", tls.caCertificateRef()));
    } else if (tls.truststoreRef() != null) {
      p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, pathOf(tls.truststoreRef()));
      if (tls.truststorePasswordRef() != null) {
        p.put(
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            secrets.resolveField(
                "security.tls.truststorePasswordRef", tls.truststorePasswordRef()));
      }
    }
    if (tls.clientCertificateRef() != null) {
      p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
      p.put(
          SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG,
          secrets.resolveField("security.tls.clientCertificateRef", tls.clientCertificateRef()));
      p.put(
          SslConfigs.SSL_KEYSTORE_KEY_CONFIG,
          secrets.resolveField("security.tls.clientKeyRef", tls.clientKeyRef()));
    }
    if (!tls.hostnameVerification()) {
      p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
    }
  }

  /** A truststore is a binary file: only a file: reference can name one. */
  private static String pathOf(String ref) {
    if (!ref.startsWith("file:")) {
      throw new IllegalArgumentException(
          "security.tls.truststoreRef must be a file: reference (a truststore is a binary file);"
              + " use caCertificateRef for a PEM from a secret store");
    }
    return ref.substring(5);
  }

  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
