package io.kcrawler.devmode;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.worker.cli.SummaryPrinter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one-command dev mode: embedded Temporal, embedded (or given) Kafka, a worker, one crawl. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run a real crawl with everything embedded: Temporal's test server, a KRaft broker seeded",
      "with demo data, a Schema Registry stand-in and a worker. With --bootstrap-servers, crawl",
      "that cluster instead; with --schema-registry-url, that registry."
    })
final class DevCommand implements Callable<Integer> {
  @Option(
      names = "--connection-id",
      defaultValue = "dev-demo",
      description = "Default: ${DEFAULT-VALUE}")
  String connectionId;

  @Option(
      names = "--bootstrap-servers",
      description = "Crawl this cluster instead of the embedded one.")
  String bootstrapServers;

  @Option(
      names = "--security-protocol",
      description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.")
  String securityProtocol;

  @Option(names = "--sasl-mechanism", description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
  String saslMechanism;

  @Option(names = "--username", description = "SASL username (API key).")
  String username;

  @Option(
      names = "--password-ref",
      description = "Reference to the password, e.g. env:KAFKA_PASSWORD.")
  String passwordRef;

  @Option(
      names = "--schema-registry-url",
      description = "Crawl this Schema Registry (instead of the embedded stand-in).")
  String schemaRegistryUrl;

  @Option(
      names = "--schema-registry-auth",
      description = "NONE, BASIC (API key and secret) or BEARER. Default: BASIC with a username.")
  String schemaRegistryAuth;

  @Option(names = "--schema-registry-username", description = "Registry API key (BASIC).")
  String schemaRegistryUsername;

  @Option(
      names = "--schema-registry-password-ref",
      description = "Reference to the registry API secret (BASIC), e.g. env:SR_SECRET.")
  String schemaRegistryPasswordRef;

  @Option(
      names = "--schema-registry-token-ref",
      description = "Reference to the registry bearer token (BEARER).")
  String schemaRegistryTokenRef;

  @Option(
      names = "--output",
      defaultValue = "crawl-output",
      description = "Output directory. Default: ${DEFAULT-VALUE}")
  Path output;

  @Option(
      names = "--artifacts",
      defaultValue = ".kcrawler/artifacts",
      description = "Artifact store directory. Default: ${DEFAULT-VALUE}")
  Path artifacts;

  @Option(
      names = "--keep-running",
      description = {
        "After the first crawl, keep Temporal, the broker and the worker up (until Ctrl-C),",
        "so `kcrawler crawl --address … --request … --wait` can start more crawls."
      })
  boolean keepRunning;

  /** What the options ask for; the request is validated like any other when the crawl starts. */
  DevMode.Options options() {
    CrawlRequest base = null;
    if (securityProtocol != null) {
      base =
          CrawlRequest.of(connectionId, bootstrapServers)
              .withSecurity(
                  SecurityConfig.sasl(securityProtocol, saslMechanism, username, passwordRef));
    }
    return new DevMode.Options(connectionId, bootstrapServers, base, registry(), output, artifacts);
  }

  private SchemaRegistryConfig registry() {
    if (schemaRegistryUrl == null) {
      return null;
    }
    String auth = schemaRegistryAuth;
    if (auth == null) {
      auth =
          schemaRegistryTokenRef != null
              ? "BEARER"
              : schemaRegistryUsername != null ? "BASIC" : "NONE";
    }
    return new SchemaRegistryConfig(
        schemaRegistryUrl,
        auth,
        schemaRegistryUsername,
        schemaRegistryPasswordRef,
        schemaRegistryTokenRef,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Override
  public Integer call() throws Exception {
    try (DevMode dev = new DevMode(options())) {
      CrawlSummary summary = dev.run();
      SummaryPrinter.print(summary, System.out);
      if (keepRunning) {
        System.out.println();
        System.out.println(
            "Still running: Temporal on 127.0.0.1:"
                + dev.temporalPort()
                + ", Kafka on "
                + dev.bootstrapServers()
                + ". Ctrl-C to stop.");
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dev-shutdown"));
        stop.await();
      }
      return 0;
    }
  }
}
