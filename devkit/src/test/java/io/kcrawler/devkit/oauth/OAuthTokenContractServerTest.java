package io.kcrawler.devkit.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

/** The token endpoint stand-in answers the client credentials grant as RFC 6749 documents. */
class OAuthTokenContractServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> post(String url, String auth, String form) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (auth != null) {
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenSignedJwts_whenAClientAsks_thenTheTokenVerifiesAgainstTheJwksWithItsClaims()
      throws Exception {
    try (OAuthTokenContractServer idp =
        OAuthTokenContractServer.start()
            .client("crawler", "s3cret")
            .signedJwts("https://idp.test", "kafka")) {
      HttpResponse<String> r =
          post(idp.tokenEndpoint(), "crawler:s3cret", "grant_type=client_credentials&scope=kafka");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
      assertThat(body.path("expires_in").asLong()).isPositive();

      JwtConsumer consumer =
          new JwtConsumerBuilder()
              .setVerificationKeyResolver(
                  new HttpsJwksVerificationKeyResolver(new HttpsJwks(idp.jwksEndpoint())))
              .setExpectedIssuer("https://idp.test")
              .setExpectedAudience("kafka")
              .setRequireExpirationTime()
              .build();
      JwtClaims claims = consumer.processToClaims(body.path("access_token").asText());
      assertThat(claims.getSubject()).isEqualTo("crawler");
      assertThat(claims.getClaimValueAsString("scope")).isEqualTo("kafka");
      assertThat(idp.live(body.path("access_token").asText())).isTrue();
    }
  }

  @Test
  void givenAWrongSecretOrGrant_whenAsked_thenTheRfcErrorsComeBack() throws Exception {
    try (OAuthTokenContractServer idp =
        OAuthTokenContractServer.start().client("crawler", "s3cret")) {
      HttpResponse<String> wrong =
          post(idp.tokenEndpoint(), "crawler:nope", "grant_type=client_credentials");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_client");

      HttpResponse<String> grant =
          post(idp.tokenEndpoint(), "crawler:s3cret", "grant_type=password");
      assertThat(grant.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(grant.body()).path("error").asText())
          .isEqualTo("unsupported_grant_type");
      assertThat(idp.issued()).isZero();
    }
  }
}
