package io.kcrawler.activities.secrets;

import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Reads the {@code AWSCURRENT} version of a secret from AWS Secrets Manager (SDK v2). */
final class AwsSecretsManagerStore implements SecretStore {
  private static final String STORE = "AWS Secrets Manager";

  private final SecretsManagerClient client;

  AwsSecretsManagerStore(SecretStoreConfig.Aws config, Duration timeout, SecretResolver bootstrap) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder().overrideConfiguration(o -> o.apiCallTimeout(timeout));
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    if (config.accessKeyIdRef() != null && config.secretAccessKeyRef() != null) {
      // Resolved on each signing so a rotated key file is picked up.
      builder.credentialsProvider(
          () ->
              AwsBasicCredentials.create(
                  bootstrap.resolve(config.accessKeyIdRef()),
                  bootstrap.resolve(config.secretAccessKeyRef())));
    }
    this.client = builder.build();
  }

  @Override
  public Secret fetch(SecretReference ref) {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(b -> b.secretId(ref.locator()));
    } catch (ResourceNotFoundException e) {
      throw SecretErrors.notFound(ref, STORE);
    } catch (SecretsManagerException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if ("AccessDeniedException".equals(code)
          || "DecryptionFailure".equals(code)
          || e.statusCode() == 403) {
        throw SecretErrors.denied(ref, STORE);
      }
      if (e.isThrottlingException() || e.statusCode() >= 500) {
        throw SecretErrors.unreachable(ref, STORE, e);
      }
      throw SecretErrors.rejected(ref, STORE, code);
    } catch (SdkClientException e) {
      // A credential reference in the config that cannot be read is not an outage.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SecretResolutionException resolution) {
          throw resolution;
        }
      }
      throw SecretErrors.unreachable(ref, STORE, e);
    }
    if (response.secretString() != null) {
      return Secret.text(response.secretString());
    }
    if (response.secretBinary() != null) {
      return Secret.text(Base64.getEncoder().encodeToString(response.secretBinary().asByteArray()));
    }
    throw SecretErrors.notFound(ref, STORE);
  }
}
