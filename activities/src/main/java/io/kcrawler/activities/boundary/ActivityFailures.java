package io.kcrawler.activities.boundary;

import io.kcrawler.activities.catalog.CatalogPublishException;
import io.kcrawler.activities.confluentcloud.ConfluentMetricsException;
import io.kcrawler.activities.schemaregistry.SchemaRegistryException;
import io.kcrawler.activities.secrets.SecretResolutionException;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.SecurityConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The one table from what an activity throws to the failure Temporal records: its {@link
 * FailureType} (and so whether it is retried) and a message a user can act on. Every activity runs
 * through {@link ActivityBoundary}, which asks this class; clients only say what happened (Kafka's
 * exceptions, {@link SchemaRegistryException.Kind}, {@link CatalogPublishException.Kind}, {@link
 * ConfluentMetricsException.Kind}). Messages never carry secret values: the clients' texts do not,
 * and we add only references.
 */
public final class ActivityFailures {
  private ActivityFailures() {}

  /** Unwraps the futures' wrappers once, at the boundary. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof ExecutionException
            || cur instanceof CompletionException
            || cur instanceof UncheckedIOException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** What kind of failure {@code t} is: the table. */
  public static FailureType typeOf(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ApplicationFailure af) {
      return FailureType.valueOf(af.getType());
    }
    if (e instanceof InvalidRequestException) {
      return FailureType.INVALID_INPUT;
    }
    if (e instanceof SecretResolutionException s) {
      return s.transientFailure() ? FailureType.TRANSIENT : FailureType.SECRET_UNAVAILABLE;
    }
    if (e instanceof SchemaRegistryException r) {
      return switch (r.kind()) {
        case AUTH -> FailureType.AUTH_FAILED;
        case UNAVAILABLE -> FailureType.SCHEMA_REGISTRY_UNAVAILABLE;
        // A failed handshake, a 404 on a call the crawl needs or another 4xx: the settings
        // (URL, TLS material) are wrong, and a retry would meet the same answer.
        case TLS, NOT_FOUND, REJECTED -> FailureType.INVALID_INPUT;
      };
    }
    if (e instanceof ConfluentMetricsException m) {
      // The Metrics API is an optional source: its phase reports these and goes on (denied for
      // AUTH_FAILED and NOT_AUTHORIZED, a warning otherwise) instead of failing.
      return switch (m.kind()) {
        case AUTH -> FailureType.AUTH_FAILED;
        case FORBIDDEN -> FailureType.NOT_AUTHORIZED;
        case UNAVAILABLE -> FailureType.TRANSIENT;
        case REJECTED -> FailureType.INVALID_INPUT;
      };
    }
    if (e instanceof CatalogPublishException c) {
      return switch (c.kind()) {
        case AUTH -> FailureType.AUTH_FAILED;
        case FORBIDDEN -> FailureType.NOT_AUTHORIZED;
        case REJECTED, SETTINGS -> FailureType.INVALID_INPUT;
        case UNAVAILABLE -> FailureType.CATALOG_UNAVAILABLE;
      };
    }
    if (e instanceof AuthenticationException) {
      return FailureType.AUTH_FAILED;
    }
    if (e instanceof AuthorizationException) {
      return FailureType.NOT_AUTHORIZED;
    }
    // The Kafka client reports unusable settings (a bad bootstrap address, an unknown mechanism)
    // as ConfigException or IllegalArgumentException while it is being built.
    if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
      return FailureType.INVALID_INPUT;
    }
    if (e instanceof TimeoutException) {
      return FailureType.CLUSTER_UNREACHABLE;
    }
    // Retriable Kafka errors, I/O of the artifact store, interrupts and anything unforeseen: a
    // retry of the attempt is the safe answer (Temporal's budget bounds it).
    return FailureType.TRANSIENT;
  }

  /**
   * The Temporal failure for {@code t} thrown during {@code phase} of a crawl of {@code request}.
   */
  public static ApplicationFailure classify(Throwable t, String phase, CrawlRequest request) {
    Throwable e = unwrap(t);
    if (e instanceof ApplicationFailure af) {
      return af;
    }
    FailureType type = typeOf(e);
    // The cause carries Kafka's stack for operators; it holds no secret values.
    return type.failure(message(type, e, phase, request), e instanceof KafkaException ? e : null);
  }

  private static String message(FailureType type, Throwable e, String phase, CrawlRequest request) {
    if (e instanceof SchemaRegistryException r) {
      return registryMessage(r, request.schemaRegistry());
    }
    if (e instanceof CatalogPublishException) {
      return e.getMessage();
    }
    if (e instanceof ConfluentMetricsException) {
      return "Confluent Cloud Metrics API (" + phase + "): " + e.getMessage();
    }
    return switch (type) {
      case AUTH_FAILED -> authMessage(e, request);
      case NOT_AUTHORIZED ->
          "The principal may not perform a required operation during "
              + phase
              + ": "
              + e.getMessage()
              + ". Grant the ACLs listed under 'Set up permissions' in the README.";
      case SECRET_UNAVAILABLE -> e.getMessage();
      case INVALID_INPUT ->
          e instanceof InvalidRequestException
              ? e.getMessage()
              : "The connection settings are not usable: " + e.getMessage();
      case CLUSTER_UNREACHABLE ->
          "No answer from the brokers at "
              + request.bootstrapServers()
              + " during "
              + phase
              + " ("
              + e.getMessage()
              + "). Check bootstrapServers, the network path and security.protocol.";
      default ->
          e instanceof SecretResolutionException
              ? "The secret store did not answer during " + phase + ": " + e.getMessage()
              : e instanceof IOException
                  ? phase + " failed on I/O (artifact store or output): " + e.getMessage()
                  : phase + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    };
  }

  private static String registryMessage(SchemaRegistryException e, SchemaRegistryConfig config) {
    String url = config == null ? "" : " at " + config.url();
    return switch (e.kind()) {
      case AUTH ->
          "Schema Registry rejected the credentials (HTTP "
              + e.status()
              + (config == null ? "" : ", auth " + config.authTypeOrDefault())
              + "): check schemaRegistry.username/passwordRef/tokenRef and the key's rights. "
              + e.getMessage();
      case UNAVAILABLE -> "Schema Registry" + url + " is unavailable: " + e.getMessage();
      case TLS ->
          e.getMessage()
              + ": check schemaRegistry.tls (CA certificate, client certificate and key)";
      case NOT_FOUND, REJECTED ->
          "Schema Registry"
              + url
              + " refused the crawl's requests (is schemaRegistry.url the registry's root?): "
              + e.getMessage();
    };
  }

  private static String authMessage(Throwable e, CrawlRequest request) {
    var oauth = request.securityOrDefault().oauth();
    if (request.securityOrDefault().usesOAuthBearer() && oauth != null) {
      return "SASL/OAUTHBEARER login of client '"
          + oauth.clientId()
          + "' at "
          + oauth.tokenEndpointUrl()
          + " (secret from "
          + oauth.clientSecretRef()
          + ") failed: "
          + e.getMessage()
          + ". Check security.oauth (clientId, clientSecretRef, scope) and that the broker trusts"
          + " this identity provider.";
    }
    var security = request.securityOrDefault();
    if (e instanceof SslAuthenticationException) {
      String detail = rootMessage(e);
      return "TLS handshake with the brokers at "
          + request.bootstrapServers()
          + " failed: "
          + e.getMessage()
          + (detail == null ? "" : " (" + detail + ")")
          + ". "
          + tlsHint(detail);
    }
    if (security.usesAwsIam()) {
      return "The cluster at "
          + request.bootstrapServers()
          + " rejected the SASL/AWS_MSK_IAM login of "
          + awsIdentity(security)
          + ": "
          + e.getMessage()
          + ". Check that this identity's IAM policy allows kafka-cluster:Connect on the"
          + " cluster (see 'Set up permissions'), that the worker can obtain its AWS credentials,"
          + " and that the cluster has IAM access control turned on (port 9098).";
    }
    String who =
        security.username() != null
            ? "user '" + security.username() + "'"
            : "the user from " + security.usernameRef();
    String how =
        e instanceof SaslAuthenticationException
            ? "SASL/" + security.saslMechanism()
            : security.protocolOrDefault();
    return "The cluster rejected the "
        + how
        + " credentials of "
        + who
        + " (password from "
        + security.passwordRef()
        + "): "
        + e.getMessage()
        + ". Check the API key/secret or username/password and the SASL mechanism.";
  }

  private static String awsIdentity(SecurityConfig security) {
    if (security.awsRoleArn() != null) {
      return "the role " + security.awsRoleArn() + " (assumed with the worker's AWS credentials)";
    }
    if (security.awsProfileName() != null) {
      return "the AWS profile '" + security.awsProfileName() + "'";
    }
    return "the worker's default AWS credentials chain";
  }

  /** What JSSE said at the bottom of the cause chain: it tells which side refused what. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? null : root.getMessage();
  }

  private static String tlsHint(String detail) {
    String d = detail == null ? "" : detail;
    if (d.contains("No name matching") || d.contains("No subject alternative")) {
      return "The brokers' certificate does not name the host connected to: use a host name the"
          + " certificate lists in bootstrapServers and advertised listeners, or set"
          + " security.tls.verifyHostname to false.";
    }
    if (d.contains("bad_certificate")
        || d.contains("certificate_required")
        || d.contains("unknown_ca")
        || d.contains("certificate_unknown")) {
      return "The broker refused the client certificate: its listener requires mutual TLS with a"
          + " certificate from a CA it trusts; check security.tls.clientCertificateRef and"
          + " clientKeyRef, or keystoreRef.";
    }
    if (d.contains("PKIX") || d.contains("certification path") || d.contains("signature check")) {
      return "The brokers' certificate is not signed by a CA this crawl trusts: check"
          + " security.tls.caCertificateRef or truststoreRef (without them, the JDK's default CAs"
          + " are used).";
    }
    return "Check security.tls (CA certificate, client certificate) and the brokers' certificate"
        + " host names.";
  }
}
