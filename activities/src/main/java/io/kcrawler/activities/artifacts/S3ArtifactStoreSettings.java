package io.kcrawler.activities.artifacts;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where an {@link S3ArtifactStore} keeps artifacts. Holds no credentials, so it is safe to log:
 * those come from the AWS default provider chain or are passed to {@link S3ArtifactStore#create}.
 *
 * @param endpoint endpoint override for S3-compatible stores (MinIO, Ceph, …); empty for AWS
 * @param bucket the bucket, which must exist
 * @param prefix key prefix inside the bucket, "" or ending in '/'
 * @param pathStyle {@code true} for {@code http://host/bucket/key} addressing, which most
 *     S3-compatible stores need since they have no per-bucket DNS names
 * @param region signing region; S3-compatible stores accept any, AWS needs the bucket's
 */
public record S3ArtifactStoreSettings(
    Optional<URI> endpoint, String bucket, String prefix, boolean pathStyle, String region) {

  /** Signing region when none is configured; S3-compatible stores ignore it. */
  static final String DEFAULT_REGION = "us-east-1";

  public S3ArtifactStoreSettings {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 artifact store needs a bucket");
    }
    endpoint = endpoint == null ? Optional.empty() : endpoint;
    prefix = normalizePrefix(prefix);
    region = region == null || region.isBlank() ? DEFAULT_REGION : region;
  }

  /**
   * Reads {@code KCRAWLER_S3_ENDPOINT}, {@code KCRAWLER_S3_BUCKET}, {@code KCRAWLER_S3_PREFIX},
   * {@code KCRAWLER_S3_PATH_STYLE} and {@code KCRAWLER_S3_REGION}. Path-style defaults to on when
   * an endpoint is set, since that is what S3-compatible stores need.
   */
  public static S3ArtifactStoreSettings fromEnv(Map<String, String> env) {
    Optional<URI> endpoint =
        Optional.ofNullable(env.get("KCRAWLER_S3_ENDPOINT"))
            .filter(s -> !s.isBlank())
            .map(URI::create);
    String pathStyle = env.get("KCRAWLER_S3_PATH_STYLE");
    return new S3ArtifactStoreSettings(
        endpoint,
        env.get("KCRAWLER_S3_BUCKET"),
        env.get("KCRAWLER_S3_PREFIX"),
        pathStyle == null || pathStyle.isBlank()
            ? endpoint.isPresent()
            : Boolean.parseBoolean(pathStyle),
        env.get("KCRAWLER_S3_REGION"));
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }
}
