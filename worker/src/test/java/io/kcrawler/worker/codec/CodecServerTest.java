package io.kcrawler.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codec-server protocol as the Temporal Web UI speaks it: preflight, then {@code POST /decode}
 * with {@code {"payloads":[…]}} in proto JSON, {@code X-Namespace} and a bearer token.
 */
class CodecServerTest {
  private static final String UI_ORIGIN = "http://localhost:8233";
  private static final String TOKEN = "codec-token-1";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static CodecServer server;

  @BeforeAll
  static void start() throws Exception {
    CodecServerConfig config =
        CodecServerConfig.fromEnv(
            Map.of(
                "KCRAWLER_CODEC_SERVER_PORT", "0",
                "KCRAWLER_CODEC_SERVER_UI_ORIGIN", UI_ORIGIN,
                "KCRAWLER_CODEC_SERVER_TOKEN_REF", "env:CODEC_TOKEN"));
    server =
        CodecServer.start(
            config,
            AesGcmPayloadCodecTest.rotatedCodec(),
            new EnvFileSecretResolver(Map.of("CODEC_TOKEN", TOKEN)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .header("Origin", UI_ORIGIN)
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String payloadsJson(Payload... payloads) throws Exception {
    return JsonFormat.printer()
        .print(Payloads.newBuilder().addAllPayloads(java.util.List.of(payloads)));
  }

  private static Payloads parse(String json) throws Exception {
    Payloads.Builder builder = Payloads.newBuilder();
    JsonFormat.parser().merge(json, builder);
    return builder.build();
  }

  @Test
  void givenPlainPayloads_whenEncodedThenDecodedOverHttp_thenRoundTripAndCorsHeaders()
      throws Exception {
    Payload original = AesGcmPayloadCodecTest.json("topic-config secret");

    HttpResponse<String> encoded = post("/encode", payloadsJson(original), TOKEN);
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
    assertThat(encoded.body()).startsWith("{\"payloads\":[").doesNotContain("topic-config");
    Payload ciphertext = parse(encoded.body()).getPayloads(0);
    assertThat(ciphertext.getMetadataOrThrow("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");

    HttpResponse<String> decoded = post("/default/decode", encoded.body(), TOKEN);
    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(parse(decoded.body()).getPayloadsList()).containsExactly(original);
  }

  @Test
  void givenUnencodedPayload_whenDecoded_thenReturnedUnchanged() throws Exception {
    Payload plain = AesGcmPayloadCodecTest.json("plain");

    HttpResponse<String> decoded = post("/decode", payloadsJson(plain), TOKEN);

    assertThat(parse(decoded.body()).getPayloadsList()).containsExactly(plain);
  }

  @Test
  void givenUiPreflight_whenOptions_thenAllowsOriginAndUiHeaders() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace,authorization")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI_ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .containsIgnoringCase("X-Namespace")
        .containsIgnoringCase("Content-Type")
        .containsIgnoringCase("Authorization");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("POST");
  }

  @Test
  void givenOtherOrigin_whenPreflight_thenNoCorsGrant() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void givenMissingOrWrongToken_whenDecoding_thenUnauthorized() throws Exception {
    String body = payloadsJson(AesGcmPayloadCodecTest.json("x"));

    assertThat(post("/decode", body, null).statusCode()).isEqualTo(401);
    assertThat(post("/decode", body, "wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void givenMalformedBody_whenDecoding_thenBadRequest() throws Exception {
    assertThat(post("/decode", "not json", TOKEN).statusCode()).isEqualTo(400);
  }
}
