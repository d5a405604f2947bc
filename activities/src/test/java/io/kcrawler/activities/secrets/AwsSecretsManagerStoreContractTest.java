package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets Manager's {@code GetSecretValue} over the AWS JSON 1.1 protocol: {@code POST /} with
 * {@code X-Amz-Target: secretsmanager.GetSecretValue}, a SigV4 {@code Authorization} header, and
 * errors as HTTP 400 with {@code __type} ({@code ResourceNotFoundException}, {@code
 * AccessDeniedException}).
 */
class AwsSecretsManagerStoreContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_JSON = "{\"username\":\"crawler\",\"password\":\"aws-pw-1\"}";
  private static ContractServer aws;

  @BeforeAll
  static void start() throws IOException {
    aws = ContractServer.http(AwsSecretsManagerStoreContractTest::secretsManager);
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.clearRequests();
  }

  private static Response secretsManager(Request r) {
    if (!"secretsmanager.GetSecretValue".equals(r.header("X-Amz-Target"))) {
      return error(400, "UnknownOperationException", "");
    }
    String secretId;
    try {
      secretId = JSON.readTree(r.body()).path("SecretId").asText();
    } catch (IOException e) {
      return error(400, "SerializationException", "");
    }
    return switch (secretId) {
      case "kafka/prod", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/prod-AbCdEf" ->
          new Response(
              200,
              """
              {"ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/prod-AbCdEf",
               "CreatedDate":1.764E9,"Name":"kafka/prod","SecretString":%s,
               "VersionId":"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1","VersionStages":["AWSCURRENT"]}
              """
                  .formatted(quote(SECRET_JSON)),
              Map.of("Content-Type", "application/x-amz-json-1.1"));
      case "kafka/forbidden" ->
          error(
              400,
              "AccessDeniedException",
              "User: arn:aws:iam::123456789012:user/crawler is not authorized to perform:"
                  + " secretsmanager:GetSecretValue on resource: kafka/forbidden because no"
                  + " identity-based policy allows the secretsmanager:GetSecretValue action");
      case "kafka/flaky" ->
          error(500, "InternalServiceError", "An error occurred on the server side.");
      default ->
          error(
              400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    };
  }

  private static Response error(int status, String type, String message) {
    return new Response(
        status,
        "{\"__type\":\"" + type + "\",\"Message\":\"" + message + "\"}",
        Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", type));
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecretResolver resolver() {
    var config =
        new SecretStoreConfig(
            Duration.ofMinutes(5),
            Duration.ofSeconds(5),
            null,
            new SecretStoreConfig.Aws(
                "eu-west-1", URI.create(aws.url()), "env:AWS_KEY_ID", "env:AWS_SECRET_KEY"),
            null,
            null);
    return SecretResolvers.fromConfig(
        config, Map.of("AWS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG"));
  }

  @Test
  void givenJsonSecret_whenResolvingKey_thenSendsSignedGetSecretValueAndPicksTheKey()
      throws IOException {
    SecretResolver resolver = resolver();

    assertThat(resolver.resolve("aws-sm:kafka/prod#password")).isEqualTo("aws-pw-1");
    assertThat(resolver.resolve("aws-sm:kafka/prod")).isEqualTo(SECRET_JSON);

    Request call = aws.requests().get(0);
    assertThat(call.method() + " " + call.path()).isEqualTo("POST /");
    assertThat(call.header("Content-Type")).startsWith("application/x-amz-json-1.1");
    assertThat(JSON.readTree(call.body()).path("SecretId").asText()).isEqualTo("kafka/prod");
    assertThat(call.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/eu-west-1/secretsmanager/aws4_request")
        .contains("SignedHeaders=")
        .contains("Signature=");
    assertThat(call.header("X-Amz-Date")).isNotBlank();
  }

  @Test
  void givenArn_whenResolving_thenSendsTheArnAsSecretId() throws IOException {
    String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka/prod-AbCdEf";

    assertThat(resolver().resolve("aws-sm:" + arn + "#username")).isEqualTo("crawler");
    assertThat(JSON.readTree(aws.requests().get(0).body()).path("SecretId").asText())
        .isEqualTo(arn);
  }

  @Test
  void givenUnknownSecret_whenResolving_thenNonTransientNotFound() {
    assertThatThrownBy(() -> resolver().resolve("aws-sm:kafka/nope#password"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("aws-sm:kafka/nope")
        .hasMessageContaining("no such secret");
  }

  @Test
  void givenNoPermission_whenResolving_thenNonTransientDenied() {
    assertThatThrownBy(() -> resolver().resolve("aws-sm:kafka/forbidden"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("aws-sm:kafka/forbidden")
        .hasMessageContaining("denied");
  }

  @Test
  void givenServerError_whenResolving_thenTransient() {
    assertThatThrownBy(() -> resolver().resolve("aws-sm:kafka/flaky"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isTrue());
  }
}
