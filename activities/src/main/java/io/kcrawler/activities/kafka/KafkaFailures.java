package io.kcrawler.activities.kafka;

import io.kcrawler.activities.secrets.SecretResolutionException;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.InvalidRequestException;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The one place that turns what the Kafka client throws into the failure Temporal records: its
 * {@link FailureType} (and so whether it is retried) and a message a user can act on. Messages
 * never carry secret values: Kafka's own exception texts do not, and we add only references.
 */
public final class KafkaFailures {
  private KafkaFailures() {}

  /** Unwraps the futures' wrappers once, at the client boundary. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof ExecutionException || cur instanceof CompletionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** What kind of failure {@code t} is. */
  public static FailureType typeOf(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ApplicationFailure af) {
      return FailureType.valueOf(af.getType());
    }
    if (e instanceof AuthenticationException) {
      return FailureType.AUTH_FAILED;
    }
    if (e instanceof AuthorizationException) {
      return FailureType.NOT_AUTHORIZED;
    }
    if (e instanceof InvalidRequestException) {
      return FailureType.INVALID_INPUT;
    }
    if (e instanceof SecretResolutionException s) {
      return s.transientFailure() ? FailureType.TRANSIENT : FailureType.SECRET_UNAVAILABLE;
    }
    if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
      return FailureType.INVALID_INPUT;
    }
    if (e instanceof TimeoutException) {
      return FailureType.CLUSTER_UNREACHABLE;
    }
    if (e instanceof RetriableException) {
      return FailureType.TRANSIENT;
    }
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
    String message =
        switch (type) {
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
          default -> phase + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        };
    // The cause carries Kafka's stack for operators; it holds no secret values.
    return type.failure(message, e instanceof KafkaException ? e : null);
  }

  private static String authMessage(Throwable e, CrawlRequest request) {
    var security = request.securityOrDefault();
    if (e instanceof SslAuthenticationException) {
      return "TLS handshake with "
          + request.bootstrapServers()
          + " failed: "
          + e.getMessage()
          + ". Check security.tls (CA certificate, client certificate) and the broker's"
          + " certificate host names.";
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
}
