package io.kcrawler.activities.secrets;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/** Reads a secret version from GCP Secret Manager, over gRPC or (for an http(s) URL) REST. */
final class GcpSecretManagerStore implements SecretStore {
  private static final String STORE = "GCP Secret Manager";
  private static final Pattern FULL_NAME =
      Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/[^/]+");
  private static final Pattern SECRET_NAME = Pattern.compile("projects/[^/]+/secrets/[^/]+");
  private static final Pattern SHORT_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  /** A token read from a reference is re-read after this long, so a refreshed file is used. */
  private static final Duration TOKEN_REREAD = Duration.ofMinutes(10);

  private final SecretStoreConfig.Gcp config;
  private final SecretManagerServiceClient client;

  GcpSecretManagerStore(SecretStoreConfig.Gcp config, Duration timeout, SecretResolver bootstrap) {
    this(config, timeout, bootstrap, null);
  }

  /**
   * @param grpcChannel a fixed gRPC channel (tests: in-process server), or null
   */
  GcpSecretManagerStore(
      SecretStoreConfig.Gcp config,
      Duration timeout,
      SecretResolver bootstrap,
      TransportChannelProvider grpcChannel) {
    this.config = config;
    String endpoint = config.endpoint();
    boolean rest = endpoint != null && endpoint.contains("://");
    SecretManagerServiceSettings.Builder settings =
        rest
            ? SecretManagerServiceSettings.newHttpJsonBuilder()
            : SecretManagerServiceSettings.newBuilder();
    if (endpoint != null) {
      settings.setEndpoint(endpoint);
    }
    if (grpcChannel != null) {
      settings.setTransportChannelProvider(grpcChannel);
    }
    if (config.accessTokenRef() != null) {
      settings.setCredentialsProvider(
          FixedCredentialsProvider.create(new ReferencedToken(config.accessTokenRef(), bootstrap)));
    }
    settings
        .accessSecretVersionSettings()
        .setRetrySettings(
            settings.accessSecretVersionSettings().getRetrySettings().toBuilder()
                .setTotalTimeoutDuration(timeout)
                .setMaxAttempts(3)
                .build());
    try {
      this.client = SecretManagerServiceClient.create(settings.build());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the GCP Secret Manager client", e);
    }
  }

  @Override
  public Secret fetch(SecretReference ref) {
    String name = versionName(ref);
    AccessSecretVersionResponse response;
    try {
      response = client.accessSecretVersion(name);
    } catch (ApiException e) {
      StatusCode.Code code = e.getStatusCode().getCode();
      throw switch (code) {
        case NOT_FOUND -> SecretErrors.notFound(ref, STORE);
        case PERMISSION_DENIED, UNAUTHENTICATED -> SecretErrors.denied(ref, STORE);
        case INVALID_ARGUMENT, FAILED_PRECONDITION ->
            // FAILED_PRECONDITION: the version is disabled or destroyed.
            SecretErrors.rejected(ref, STORE, code.name());
        default -> SecretErrors.unreachable(ref, STORE, e);
      };
    }
    byte[] data = response.getPayload().getData().toByteArray();
    if (response.getPayload().hasDataCrc32C()) {
      // Google asks clients to verify the checksum; a mismatch is corruption in transit.
      CRC32C crc = new CRC32C();
      crc.update(data);
      if (crc.getValue() != response.getPayload().getDataCrc32C()) {
        throw SecretErrors.unreachable(
            ref, STORE, new IOException("payload CRC32C does not match"));
      }
    }
    return Secret.text(new String(data, java.nio.charset.StandardCharsets.UTF_8));
  }

  private String versionName(SecretReference ref) {
    String locator = SecretStoreConfig.trimSlashes(ref.locator());
    if (FULL_NAME.matcher(locator).matches()) {
      return locator;
    }
    if (SECRET_NAME.matcher(locator).matches()) {
      return locator + "/versions/latest";
    }
    if (SHORT_NAME.matcher(locator).matches() && config.project() != null) {
      return "projects/" + config.project() + "/secrets/" + locator + "/versions/latest";
    }
    throw new SecretResolutionException(
        "credential reference "
            + ref
            + ": expected gcp-sm:projects/<p>/secrets/<s>[/versions/<v>]"
            + (config.project() == null ? "" : " or gcp-sm:<secret>"));
  }

  /** An OAuth access token read from a credential reference and re-read as it ages. */
  private static final class ReferencedToken extends GoogleCredentials {
    private final String ref;
    private final transient SecretResolver resolver;

    ReferencedToken(String ref, SecretResolver resolver) {
      this.ref = ref;
      this.resolver = resolver;
    }

    @Override
    public AccessToken refreshAccessToken() {
      return new AccessToken(
          resolver.resolve(ref), new Date(System.currentTimeMillis() + TOKEN_REREAD.toMillis()));
    }
  }
}
