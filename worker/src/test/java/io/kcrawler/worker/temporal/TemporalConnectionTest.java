package io.kcrawler.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given the usual TEMPORAL_* settings or a config file, the connection has the address, namespace,
 * TLS material and API key they name; a variable wins over the file, and half an mTLS pair is
 * refused.
 */
class TemporalConnectionTest {

  @Test
  void withNothingSetItIsAPlainLocalConnection() {
    TemporalConnection c = TemporalConnection.fromEnv(Map.of());

    assertThat(c.address()).isEqualTo("127.0.0.1:7233");
    assertThat(c.namespace()).isEqualTo("default");
    assertThat(c.tls()).isFalse();
    assertThat(c.apiKey()).isNull();
  }

  @Test
  void mtlsSettingsFromTheEnvironment() {
    TemporalConnection c =
        TemporalConnection.fromEnv(
            Map.of(
                "TEMPORAL_ADDRESS", "prod.a2dd6.tmprl.cloud:7233",
                "TEMPORAL_NAMESPACE", "prod.a2dd6",
                "TEMPORAL_TLS_CERT", "/certs/client.pem",
                "TEMPORAL_TLS_KEY", "/certs/client.key",
                "TEMPORAL_TLS_CA", "/certs/ca.pem",
                "TEMPORAL_TLS_SERVER_NAME", "temporal.internal"));

    assertThat(c.address()).isEqualTo("prod.a2dd6.tmprl.cloud:7233");
    assertThat(c.namespace()).isEqualTo("prod.a2dd6");
    assertThat(c.tls()).isTrue();
    assertThat(c.clientCert()).isEqualTo(Path.of("/certs/client.pem"));
    assertThat(c.clientKey()).isEqualTo(Path.of("/certs/client.key"));
    assertThat(c.serverCa()).isEqualTo(Path.of("/certs/ca.pem"));
    assertThat(c.serverName()).isEqualTo("temporal.internal");
  }

  @Test
  void anApiKeyImpliesTlsAndIsNeverPrinted() {
    TemporalConnection c =
        TemporalConnection.fromEnv(
            Map.of(
                "TEMPORAL_ADDRESS", "eu-west-1.aws.api.temporal.io:7233",
                "TEMPORAL_API_KEY", "secret-key-value"));

    assertThat(c.tls()).isTrue();
    assertThat(c.apiKey()).isEqualTo("secret-key-value");
    assertThat(c.toString()).contains("api-key").doesNotContain("secret-key-value");
    // Building the stubs (TLS context, API key interceptor) must not need the network.
    c.newServiceStubs(null).shutdownNow();
  }

  @Test
  void aConfigFileProvidesSettingsAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("temporal.properties"),
            "TEMPORAL_ADDRESS=temporal.example.com:7233\n"
                + "TEMPORAL_NAMESPACE=from-file\n"
                + "TEMPORAL_TLS=true\n");

    TemporalConnection c =
        TemporalConnection.fromEnv(
            Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_NAMESPACE", "from-env"));

    assertThat(c.address()).isEqualTo("temporal.example.com:7233");
    assertThat(c.namespace()).isEqualTo("from-env");
    assertThat(c.tls()).isTrue();
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(
            () -> TemporalConnection.fromEnv(Map.of("TEMPORAL_TLS_CERT", "/certs/client.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TEMPORAL_TLS_KEY");
  }
}
