package io.kcrawler.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlRequestParser;
import io.kcrawler.model.SchemaRegistryConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code kcrawler dev}'s options turn into: the crawl request dev mode starts. */
class DevCommandOptionsTest {

  private static DevMode.Options parse(String... args) {
    DevCommand command = new DevCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  void givenARegistryWithAnApiKey_whenParsed_thenTheRequestCrawlsItWithBasicAuthByReference() {
    DevMode.Options options =
        parse(
            "--bootstrap-servers", "pkc-1.confluent.cloud:9092",
            "--security-protocol", "SASL_SSL",
            "--sasl-mechanism", "PLAIN",
            "--username", "KAFKAKEY",
            "--password-ref", "env:KAFKA_SECRET",
            "--schema-registry-url", "https://psrc-1.confluent.cloud",
            "--schema-registry-username", "SRKEY",
            "--schema-registry-password-ref", "env:SR_SECRET");

    CrawlRequest request = DevMode.request(options, options.bootstrapServers(), null);

    SchemaRegistryConfig registry = request.schemaRegistry();
    assertThat(registry.url()).isEqualTo("https://psrc-1.confluent.cloud");
    assertThat(registry.authTypeOrDefault()).isEqualTo("BASIC");
    assertThat(registry.username()).isEqualTo("SRKEY");
    assertThat(registry.passwordRef()).isEqualTo("env:SR_SECRET");
    assertThat(request.securityOrDefault().passwordRef()).isEqualTo("env:KAFKA_SECRET");
    // What the crawl is started with passes the same validation as any request.
    assertThat(CrawlRequestParser.parse(io.kcrawler.model.Json.mapper().valueToTree(request)))
        .isEqualTo(request);
  }

  @Test
  void givenABearerToken_whenParsed_thenBearerAuth() {
    DevMode.Options options =
        parse("--schema-registry-url", "https://sr:8081", "--schema-registry-token-ref", "env:T");

    assertThat(DevMode.request(options, "localhost:9092", "http://stand-in").schemaRegistry())
        .satisfies(
            r -> {
              assertThat(r.url()).isEqualTo("https://sr:8081");
              assertThat(r.authTypeOrDefault()).isEqualTo("BEARER");
              assertThat(r.tokenRef()).isEqualTo("env:T");
            });
  }

  @Test
  void givenNoRegistryOption_whenTheStandInRuns_thenTheStandInIsCrawled() {
    DevMode.Options options = parse();

    assertThat(
            DevMode.request(options, "localhost:9092", "http://127.0.0.1:8081")
                .schemaRegistry()
                .url())
        .isEqualTo("http://127.0.0.1:8081");
  }
}
