package io.kcrawler.activities.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.activities.catalog.CatalogPublishException;
import io.kcrawler.activities.confluentcloud.ConfluentMetricsException;
import io.kcrawler.activities.schemaregistry.SchemaRegistryException;
import io.kcrawler.activities.secrets.SecretResolutionException;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.FieldProblem;
import io.kcrawler.model.InvalidRequestException;
import io.kcrawler.model.Phases;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.SecurityConfig;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one failure table: each kind of exception each phase can meet, thrown through the {@link
 * ActivityBoundary} exactly as an activity does, comes out as one failure type with one
 * retryability, whichever phase it came from. The messages name what to check.
 */
class ActivityFailuresTest {
  private static final CrawlRequest REQUEST =
      CrawlRequest.of("c", "broker-1:9092")
          .withSchemaRegistry(
              SchemaRegistryConfig.unauthenticated("https://registry.example:8081"));

  private static final List<String> KAFKA_PHASES =
      List.of(
          Phases.PREFLIGHT,
          Phases.TOPICS,
          Phases.TOPIC_CONFIGS,
          Phases.BROKERS,
          Phases.CONSUMER_GROUPS);
  private static final List<String> ALL_PHASES =
      Stream.concat(KAFKA_PHASES.stream(), Stream.of(Phases.SCHEMAS, Phases.PUBLISH)).toList();

  /** One row of the table: what is thrown, where it can be thrown, what it becomes. */
  private record Row(
      String what, Supplier<Exception> thrown, List<String> phases, FailureType type) {}

  private static final List<Row> TABLE =
      List.of(
          // Anywhere: the request, the secret store, the artifact store, the thread.
          row(
              "invalid request field",
              () ->
                  new InvalidRequestException(
                      List.of(
                          new FieldProblem(
                              "security.protocol",
                              "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"))),
              ALL_PHASES,
              FailureType.INVALID_INPUT),
          row(
              "unresolvable secret reference",
              () -> new SecretResolutionException("vault:kv/x#y not found"),
              ALL_PHASES,
              FailureType.SECRET_UNAVAILABLE),
          row(
              "secret store outage",
              () -> new SecretResolutionException("vault did not answer", true, null),
              ALL_PHASES,
              FailureType.TRANSIENT),
          row(
              "artifact store I/O",
              () -> new IOException("disk full"),
              ALL_PHASES,
              FailureType.TRANSIENT),
          row(
              "artifact store I/O, unchecked",
              () -> new UncheckedIOException(new IOException("S3 reset")),
              ALL_PHASES,
              FailureType.TRANSIENT),
          row("interrupted", InterruptedException::new, ALL_PHASES, FailureType.TRANSIENT),
          row("a bug", () -> new NullPointerException("x"), ALL_PHASES, FailureType.TRANSIENT),
          row(
              "already classified",
              () -> FailureType.RUNTIME_OFFLINE.failure("sdr gone"),
              ALL_PHASES,
              FailureType.RUNTIME_OFFLINE),
          // Kafka phases: what the Admin client throws, as its futures wrap it.
          row(
              "SASL credentials rejected",
              () -> new ExecutionException(new SaslAuthenticationException("bad")),
              KAFKA_PHASES,
              FailureType.AUTH_FAILED),
          row(
              "TLS handshake failed",
              () -> new SslAuthenticationException("untrusted"),
              KAFKA_PHASES,
              FailureType.AUTH_FAILED),
          row(
              "wrong CA, as the Admin client's future reports it",
              () -> new ExecutionException(wrongCa()),
              KAFKA_PHASES,
              FailureType.AUTH_FAILED),
          row(
              "client certificate refused by an mTLS listener",
              () -> new ExecutionException(refusedClientCertificate()),
              KAFKA_PHASES,
              FailureType.AUTH_FAILED),
          row(
              "AWS_MSK_IAM login refused",
              () ->
                  new ExecutionException(
                      new SaslAuthenticationException(
                          "[a1b2c3]: Access denied to cluster: kafka-cluster:Connect")),
              KAFKA_PHASES,
              FailureType.AUTH_FAILED),
          row(
              "client key or trust material Kafka cannot load",
              () ->
                  new IllegalArgumentException(
                      "the Kafka client cannot be built from them (keystore password was"
                          + " incorrect)"),
              KAFKA_PHASES,
              FailureType.INVALID_INPUT),
          row(
              "cluster ACL missing",
              () -> new ExecutionException(new ClusterAuthorizationException("denied")),
              KAFKA_PHASES,
              FailureType.NOT_AUTHORIZED),
          row(
              "topic ACL missing",
              () -> new CompletionException(new TopicAuthorizationException(Set.of("orders"))),
              KAFKA_PHASES,
              FailureType.NOT_AUTHORIZED),
          row(
              "group ACL missing",
              () -> new GroupAuthorizationException("g"),
              KAFKA_PHASES,
              FailureType.NOT_AUTHORIZED),
          row(
              "no answer",
              () -> new ExecutionException(new TimeoutException("timed out")),
              KAFKA_PHASES,
              FailureType.CLUSTER_UNREACHABLE),
          row(
              "retriable broker error",
              () -> new NotLeaderOrFollowerException("moved"),
              KAFKA_PHASES,
              FailureType.TRANSIENT),
          row(
              "unusable client settings",
              () -> new ConfigException("bootstrap.servers", "x"),
              KAFKA_PHASES,
              FailureType.INVALID_INPUT),
          // Schema phase: what the registry client says happened.
          row(
              "registry 401/403",
              () -> registry(SchemaRegistryException.Kind.AUTH, 401),
              List.of(Phases.SCHEMAS),
              FailureType.AUTH_FAILED),
          row(
              "registry down",
              () -> registry(SchemaRegistryException.Kind.UNAVAILABLE, 503),
              List.of(Phases.SCHEMAS),
              FailureType.SCHEMA_REGISTRY_UNAVAILABLE),
          row(
              "registry TLS",
              () -> registry(SchemaRegistryException.Kind.TLS, 0),
              List.of(Phases.SCHEMAS),
              FailureType.INVALID_INPUT),
          row(
              "registry 400",
              () -> registry(SchemaRegistryException.Kind.REJECTED, 400),
              List.of(Phases.SCHEMAS),
              FailureType.INVALID_INPUT),
          row(
              "registry 404 on a needed call",
              () -> registry(SchemaRegistryException.Kind.NOT_FOUND, 404),
              List.of(Phases.SCHEMAS),
              FailureType.INVALID_INPUT),
          // Confluent Cloud Metrics API (consumer-groups phase): the phase reports these as
          // denied (AUTH_FAILED, NOT_AUTHORIZED) or as a warning and goes on; the table gives the
          // kind.
          row(
              "Metrics API 401",
              () -> metrics(ConfluentMetricsException.Kind.AUTH, 401),
              List.of(Phases.CONSUMER_GROUPS),
              FailureType.AUTH_FAILED),
          row(
              "Metrics API 403",
              () -> metrics(ConfluentMetricsException.Kind.FORBIDDEN, 403),
              List.of(Phases.CONSUMER_GROUPS),
              FailureType.NOT_AUTHORIZED),
          row(
              "Metrics API down",
              () -> metrics(ConfluentMetricsException.Kind.UNAVAILABLE, 503),
              List.of(Phases.CONSUMER_GROUPS),
              FailureType.TRANSIENT),
          row(
              "Metrics API 400",
              () -> metrics(ConfluentMetricsException.Kind.REJECTED, 400),
              List.of(Phases.CONSUMER_GROUPS),
              FailureType.INVALID_INPUT),
          // Publish: what the catalog answered.
          row(
              "catalog 401",
              () -> catalog(CatalogPublishException.Kind.AUTH),
              List.of(Phases.PUBLISH),
              FailureType.AUTH_FAILED),
          row(
              "catalog 403",
              () -> catalog(CatalogPublishException.Kind.FORBIDDEN),
              List.of(Phases.PUBLISH),
              FailureType.NOT_AUTHORIZED),
          row(
              "catalog refused the assets",
              () -> catalog(CatalogPublishException.Kind.REJECTED),
              List.of(Phases.PUBLISH),
              FailureType.INVALID_INPUT),
          row(
              "catalog settings",
              () -> catalog(CatalogPublishException.Kind.SETTINGS),
              List.of(Phases.PUBLISH),
              FailureType.INVALID_INPUT),
          row(
              "catalog down",
              () -> catalog(CatalogPublishException.Kind.UNAVAILABLE),
              List.of(Phases.PUBLISH),
              FailureType.CATALOG_UNAVAILABLE));

  static Stream<Arguments> table() {
    List<Arguments> cases = new ArrayList<>();
    for (Row row : TABLE) {
      for (String phase : row.phases()) {
        cases.add(Arguments.of(phase, row.what(), row.thrown(), row.type()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {3}")
  @MethodSource("table")
  void givenAnExceptionFromAPhase_whenItLeavesTheBoundary_thenItHasTheTableTypeAndRetryability(
      String phase, String what, Supplier<Exception> thrown, FailureType expected) {
    List<FailureType> undone = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ActivityBoundary.run(
                    ActivityProgress.detached(phase),
                    REQUEST,
                    progress -> {
                      throw thrown.get();
                    },
                    (type, cause) -> undone.add(type)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).as(what).isEqualTo(expected.name());
              assertThat(f.isNonRetryable()).as(what).isEqualTo(!expected.retryable());
              assertThat(f.getOriginalMessage()).as(what).isNotBlank();
            });
    assertThat(undone).as("the activity's clean-up saw the same type").containsExactly(expected);
    Thread.interrupted(); // an InterruptedException row re-interrupts this thread
  }

  @Test
  void givenTheTable_whenCounted_thenEveryFailureTypeAnActivityCanRaiseIsCovered() {
    Set<FailureType> covered = Set.copyOf(TABLE.stream().map(Row::type).toList());
    // ALREADY_RUNNING comes from the workflow's start, not from an activity.
    assertThat(covered)
        .containsAll(
            Stream.of(FailureType.values()).filter(t -> t != FailureType.ALREADY_RUNNING).toList());
  }

  @Test
  void givenCancellation_whenItLeavesTheBoundary_thenItPassesUnchangedAndNothingIsUndone() {
    ActivityCanceledException cancelled = new ActivityCanceledException();
    List<FailureType> undone = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ActivityBoundary.run(
                    ActivityProgress.detached(Phases.PUBLISH),
                    REQUEST,
                    progress -> {
                      throw cancelled;
                    },
                    (type, cause) -> undone.add(type)))
        .isSameAs(cancelled);
    assertThat(undone).isEmpty();
  }

  @Test
  void givenAMissingAclOnARequiredCall_whenClassified_thenTheMessageSaysWhatToGrant() {
    ApplicationFailure f =
        ActivityFailures.classify(
            new ExecutionException(new TopicAuthorizationException(Set.of("orders"))),
            Phases.TOPICS,
            REQUEST);
    assertThat(f.getOriginalMessage())
        .contains("during topics")
        .contains("Grant the ACLs listed under 'Set up permissions'");
  }

  @Test
  void givenNoAnswer_whenClassified_thenTheMessageNamesTheBrokersAndThePhase() {
    ApplicationFailure f =
        ActivityFailures.classify(new TimeoutException("timed out"), Phases.TOPIC_CONFIGS, REQUEST);
    assertThat(f.getOriginalMessage()).contains("broker-1:9092", "topic-configs");
  }

  @Test
  void givenARegistryFailure_whenClassified_thenTheMessageNamesTheRegistryNotTheBrokers() {
    ApplicationFailure down =
        ActivityFailures.classify(
            registry(SchemaRegistryException.Kind.UNAVAILABLE, 503), Phases.SCHEMAS, REQUEST);
    ApplicationFailure auth =
        ActivityFailures.classify(
            registry(SchemaRegistryException.Kind.AUTH, 401), Phases.SCHEMAS, REQUEST);
    assertThat(down.getOriginalMessage())
        .contains("https://registry.example:8081")
        .doesNotContain("broker-1");
    assertThat(auth.getOriginalMessage())
        .contains("Schema Registry rejected", "HTTP 401", "schemaRegistry.");
  }

  @Test
  void givenAStoreOutage_whenClassified_thenTheMessageSaysTheSecretStoreDidNotAnswer() {
    ApplicationFailure f =
        ActivityFailures.classify(
            new SecretResolutionException("vault timed out", true, new ConnectException()),
            Phases.SCHEMAS,
            REQUEST);
    assertThat(f.getOriginalMessage()).contains("secret store", "schemas", "vault timed out");
  }

  @Test
  void givenAWrongCa_whenClassified_thenTheMessageNamesTlsTheBrokersAndTheCaSettings() {
    ApplicationFailure f =
        ActivityFailures.classify(new ExecutionException(wrongCa()), Phases.PREFLIGHT, REQUEST);

    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage())
        .contains("TLS handshake", "broker-1:9092", "PKIX path building failed")
        .contains("security.tls.caCertificateRef or truststoreRef");
  }

  @Test
  void givenAHostNameTheCertificateDoesNotList_whenClassified_thenTheMessageSaysVerifyHostname() {
    ApplicationFailure f =
        ActivityFailures.classify(
            new SslAuthenticationException(
                "SSL handshake failed",
                new SSLHandshakeException("No name matching localhost found")),
            Phases.PREFLIGHT,
            REQUEST);

    assertThat(f.getOriginalMessage())
        .contains("TLS handshake", "No name matching localhost found", "verifyHostname");
  }

  @Test
  void givenARefusedClientCertificate_whenClassified_thenTheMessageNamesTheClientCertificate() {
    ApplicationFailure f =
        ActivityFailures.classify(refusedClientCertificate(), Phases.PREFLIGHT, REQUEST);

    assertThat(f.getOriginalMessage())
        .contains("TLS handshake", "broker-1:9092", "refused the client certificate")
        .contains("clientCertificateRef", "keystoreRef");
  }

  @Test
  void givenAnAwsIamRefusal_whenClassified_thenTheMessageNamesTheRoleAndTheIamAction() {
    CrawlRequest msk =
        CrawlRequest.of("msk", "b-1.prod.abc123.c2.kafka.eu-west-1.amazonaws.com:9098")
            .withSecurity(
                SecurityConfig.awsMskIam(null, "arn:aws:iam::123456789012:role/kcrawler"));

    ApplicationFailure f =
        ActivityFailures.classify(
            new SaslAuthenticationException("[a1b2c3]: Access denied"), Phases.PREFLIGHT, msk);

    assertThat(f.getType()).isEqualTo(FailureType.AUTH_FAILED.name());
    assertThat(f.getOriginalMessage())
        .contains("SASL/AWS_MSK_IAM", "arn:aws:iam::123456789012:role/kcrawler", "Access denied")
        .contains("kafka-cluster:Connect")
        .doesNotContain("password from");
  }

  /** What the Admin client reports when the brokers' certificate is not from a trusted CA. */
  private static SslAuthenticationException wrongCa() {
    return new SslAuthenticationException(
        "SSL handshake failed",
        new SSLHandshakeException(
            "PKIX path building failed: unable to find valid certification path to requested"
                + " target"));
  }

  /** What the Admin client reports when a broker requiring mutual TLS rejects the client. */
  private static SslAuthenticationException refusedClientCertificate() {
    return new SslAuthenticationException(
        "Failed to process post-handshake messages",
        new SSLHandshakeException("Received fatal alert: bad_certificate"));
  }

  private static Row row(
      String what, Supplier<Exception> thrown, List<String> phases, FailureType type) {
    return new Row(what, thrown, phases, type);
  }

  private static SchemaRegistryException registry(SchemaRegistryException.Kind kind, int status) {
    return new SchemaRegistryException(kind, status, 0, "GET /subjects: HTTP " + status, null);
  }

  private static ConfluentMetricsException metrics(
      ConfluentMetricsException.Kind kind, int status) {
    return new ConfluentMetricsException(
        kind, status, "POST /v2/metrics/cloud/query: HTTP " + status, null);
  }

  private static CatalogPublishException catalog(CatalogPublishException.Kind kind) {
    return new CatalogPublishException(kind, "Atlan said " + kind);
  }
}
