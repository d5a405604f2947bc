package io.kcrawler.activities.kafka;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.OAuthConfig;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import software.amazon.msk.auth.iam.IAMClientCallbackHandler;
import software.amazon.msk.auth.iam.IAMLoginModule;

/**
 * Builds the Admin client's properties from a request, resolving its credential references on this
 * worker. The result holds secret values: it is passed to the client and never logged (Kafka itself
 * prints password-typed keys as [hidden]).
 */
final class KafkaClientProperties {
  /**
   * aws-msk-iam-auth's troubleshooting guide: below 1 s between reconnects, MSK may refuse IAM
   * logins with "Too many connects" (it limits the rate of new IAM connections per broker).
   */
  static final String AWS_IAM_RECONNECT_BACKOFF_MS = "1000";

  static final String OAUTH_LOGIN_HANDLER =
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";
  static final String OAUTH_LOGIN_MODULE =
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

  /** Kafka's allow-list of OAuth endpoint URLs (a system property, not a client config). */
  static final String ALLOWED_URLS_PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

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
    if (security.usesAwsIam()) {
      applyAwsIam(p, security);
    } else if (security.usesOAuthBearer()) {
      applyOAuthBearer(p, security.oauth(), secrets);
    } else if (security.usesSasl()) {
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

  /**
   * The client settings of aws-msk-iam-auth's README: its login module and callback handler, with
   * the request's options on the JAAS line. No secret is involved: the AWS credentials chain of
   * this worker (or the named profile, or the role assumed with it) signs each login.
   */
  private static void applyAwsIam(Properties p, SecurityConfig security) {
    p.put(SaslConfigs.SASL_MECHANISM, IAMLoginModule.MECHANISM);
    p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAMClientCallbackHandler.class.getName());
    StringBuilder jaas = new StringBuilder(IAMLoginModule.class.getName()).append(" required");
    awsIamOptions(security)
        .forEach(
            (k, v) -> jaas.append(' ').append(k).append("=\"").append(jaasEscape(v)).append('"'));
    p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas.append(';').toString());
    p.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, AWS_IAM_RECONNECT_BACKOFF_MS);
  }

  /** The request's aws* options, then no fallback from a named identity. */
  private static Map<String, String> awsIamOptions(SecurityConfig security) {
    Map<String, String> options = security.awsIamOptions();
    if (!options.isEmpty()) {
      // The library falls back to the default chain when the named profile or role yields no
      // credentials: the crawl would then log in as the worker's own identity. Fail instead.
      options.put("awsAddDefaultProviders", "false");
    }
    return options;
  }

  /**
   * Kafka's own OIDC client credentials login (KIP-768): {@code OAuthBearerLoginCallbackHandler}
   * fetches the token from the endpoint and refreshes it; the client id, secret, scope and
   * Confluent Cloud's {@code logicalCluster}/{@code identityPoolId} extensions go in the JAAS
   * options, as Kafka documents them.
   */
  private static void applyOAuthBearer(Properties p, OAuthConfig oauth, SecretResolver secrets) {
    String secret = secrets.resolveField("security.oauth.clientSecretRef", oauth.clientSecretRef());
    allowUrl(oauth.tokenEndpointUrl());
    p.put(SaslConfigs.SASL_MECHANISM, SecurityConfig.OAUTHBEARER);
    p.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OAUTH_LOGIN_HANDLER);
    p.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, oauth.tokenEndpointUrl());
    StringBuilder jaas =
        new StringBuilder(OAUTH_LOGIN_MODULE)
            .append(" required clientId=\"")
            .append(jaasEscape(oauth.clientId()))
            .append("\" clientSecret=\"")
            .append(jaasEscape(secret))
            .append('"');
    if (oauth.scope() != null) {
      jaas.append(" scope=\"").append(jaasEscape(oauth.scope())).append('"');
    }
    if (oauth.logicalCluster() != null) {
      jaas.append(" extension_logicalCluster=\"")
          .append(jaasEscape(oauth.logicalCluster()))
          .append('"');
    }
    if (oauth.identityPoolId() != null) {
      jaas.append(" extension_identityPoolId=\"")
          .append(jaasEscape(oauth.identityPoolId()))
          .append('"');
    }
    p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas.append(';').toString());
  }

  /**
   * Kafka 4 fetches a token only from URLs this JVM-wide property lists (empty by default, to keep
   * request-supplied URLs from reaching internal hosts): the request's endpoint is added to it.
   */
  static synchronized void allowUrl(String url) {
    String current = System.getProperty(ALLOWED_URLS_PROPERTY, "");
    for (String u : current.split(",")) {
      if (u.trim().equals(url)) {
        return;
      }
    }
    System.setProperty(ALLOWED_URLS_PROPERTY, current.isBlank() ? url : current + "," + url);
  }

  private static void applyTls(Properties p, TlsConfig tls, SecretResolver secrets) {
    if (tls.caCertificateRef() != null) {
      // PEM content inline: the reference may live in a vault, not on this disk.
      p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      p.put(
          SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG,
          secrets.resolveField("security.tls.caCertificateRef", tls.caCertificateRef()));
    } else if (tls.truststoreRef() != null) {
      // Kafka's default store type, JKS, loads PKCS12 files too (the JDK's keystore.type.compat).
      String path = pathOf("security.tls.truststoreRef", tls.truststoreRef());
      String password =
          tls.truststorePasswordRef() == null
              ? null
              : secrets.resolveField(
                  "security.tls.truststorePasswordRef", tls.truststorePasswordRef());
      requireTrustedCertificates(path, password);
      p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, path);
      if (password != null) {
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, password);
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
    } else if (tls.keystoreRef() != null) {
      p.put(
          SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
          pathOf("security.tls.keystoreRef", tls.keystoreRef()));
      p.put(
          SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
          secrets.resolveField("security.tls.keystorePasswordRef", tls.keystorePasswordRef()));
      if (tls.keyPasswordRef() != null) {
        p.put(
            SslConfigs.SSL_KEY_PASSWORD_CONFIG,
            secrets.resolveField("security.tls.keyPasswordRef", tls.keyPasswordRef()));
      }
    }
    if (!tls.hostnameVerification()) {
      p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
    }
  }

  /**
   * A truststore the client reads no certificate from (a PKCS12 file opened without its password:
   * keytool encrypts the certificates) leaves it without trust anchors, and Kafka reports each
   * handshake that then fails ("the trustAnchors parameter must be non-empty") as a lost
   * connection, retried until the crawl times out as CLUSTER_UNREACHABLE. Refuse it as the settings
   * it is.
   */
  private static void requireTrustedCertificates(String path, String password) {
    String problem;
    try {
      KeyStore store =
          KeyStore.getInstance(new File(path), password == null ? null : password.toCharArray());
      boolean any = false;
      for (String alias : Collections.list(store.aliases())) {
        any |= store.isCertificateEntry(alias);
      }
      problem =
          any
              ? null
              : "it holds no certificate readable"
                  + (password == null ? " without a password (set truststorePasswordRef)" : "");
    } catch (IOException | GeneralSecurityException e) {
      problem = "it cannot be read: " + e.getMessage();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "security.tls.truststoreRef: the truststore " + path + " is unusable, " + problem);
    }
  }

  /** A store is a binary file the Kafka client opens itself: only a file: reference names one. */
  private static String pathOf(String field, String ref) {
    if (!ref.startsWith("file:")) {
      throw new IllegalArgumentException(
          field
              + " must be a file: reference (the Kafka client reads the store from disk);"
              + " use the PEM fields for material from a secret store");
    }
    return ref.substring(5);
  }

  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
