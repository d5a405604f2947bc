package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secret Manager's REST binding of {@code AccessSecretVersion}: {@code GET /v1/projects/*}{@code
 * /secrets/*}{@code /versions/*:access} with a bearer token, answering {@code
 * {"name":…,"payload":{"data":<base64>,"dataCrc32c":"…"}}} or a Google error body with {@code
 * NOT_FOUND} / {@code PERMISSION_DENIED}. The SDK's HttpJson transport is the same client stack as
 * its gRPC one above the wire.
 */
class GcpSecretManagerStoreContractTest {
  private static final String TOKEN = "ya29.test-access-token";
  private static final String SECRET = "{\"password\":\"gcp-pw-1\"}";
  private static ContractServer gcp;

  @BeforeAll
  static void start() throws IOException {
    gcp = ContractServer.http(GcpSecretManagerStoreContractTest::secretManager);
  }

  @AfterAll
  static void stop() {
    gcp.close();
  }

  @BeforeEach
  void reset() {
    gcp.clearRequests();
  }

  private static Response secretManager(Request r) {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    return switch (r.path()) {
      case "/v1/projects/kcrawler/secrets/kafka-prod/versions/latest:access",
          "/v1/projects/kcrawler/secrets/kafka-prod/versions/3:access" -> {
        byte[] data = SECRET.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(data);
        yield Response.json(
            200,
            """
            {"name":"projects/123456789/secrets/kafka-prod/versions/3",
             "payload":{"data":"%s","dataCrc32c":"%d"}}
            """
                .formatted(Base64.getEncoder().encodeToString(data), crc.getValue()));
      }
      case "/v1/projects/kcrawler/secrets/forbidden/versions/latest:access" ->
          googleError(
              403,
              "PERMISSION_DENIED",
              "Permission 'secretmanager.versions.access' denied for resource"
                  + " 'projects/kcrawler/secrets/forbidden/versions/latest' (or it may not exist).");
      default ->
          googleError(
              404,
              "NOT_FOUND",
              "Secret [projects/123456789/secrets/nope] not found or has no versions.");
    };
  }

  private static Response googleError(int code, String status, String message) {
    return Response.json(
        code,
        """
        {"error":{"code":%d,"message":"%s","status":"%s"}}
        """
            .formatted(code, message, status));
  }

  private static SecretResolver resolver() {
    var config =
        new SecretStoreConfig(
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            null,
            null,
            null,
            new SecretStoreConfig.Gcp("kcrawler", gcp.url(), "env:GCP_TOKEN"));
    return SecretResolvers.fromConfig(config, Map.of("GCP_TOKEN", TOKEN));
  }

  @Test
  void givenFullVersionName_whenResolvingKey_thenCallsAccessWithBearerTokenAndPicksTheKey() {
    assertThat(
            resolver().resolve("gcp-sm:projects/kcrawler/secrets/kafka-prod/versions/3#password"))
        .isEqualTo("gcp-pw-1");

    Request call = gcp.requests().get(0);
    assertThat(call.method() + " " + call.path())
        .isEqualTo("GET /v1/projects/kcrawler/secrets/kafka-prod/versions/3:access");
    assertThat(call.header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void givenShortName_whenResolving_thenUsesConfiguredProjectAndLatestVersion() {
    assertThat(resolver().resolve("gcp-sm:kafka-prod")).isEqualTo(SECRET);
    assertThat(gcp.requests().get(0).path())
        .isEqualTo("/v1/projects/kcrawler/secrets/kafka-prod/versions/latest:access");
  }

  @Test
  void givenUnknownSecret_whenResolving_thenNonTransientNotFound() {
    assertThatThrownBy(() -> resolver().resolve("gcp-sm:projects/kcrawler/secrets/nope"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("gcp-sm:projects/kcrawler/secrets/nope")
        .hasMessageContaining("no such secret");
  }

  @Test
  void givenNoPermission_whenResolving_thenNonTransientDenied() {
    assertThatThrownBy(() -> resolver().resolve("gcp-sm:projects/kcrawler/secrets/forbidden"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("denied");
  }
}
