package io.kcrawler.worker;

import io.kcrawler.activities.artifacts.S3ArtifactStoreSettings;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How a worker runs, from the usual environment variables: where Temporal is ({@code
 * TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}), its mode ({@code saas}: workflows and direct
 * activities; {@code sdr}: a self-deployed runtime's activities only), how many activities it runs
 * at once, where artifacts go (a local directory, or S3 when several workers share a crawl), where
 * file output goes, and which catalog sink publishes.
 */
public record WorkerConfig(
    String temporalAddress,
    String namespace,
    Mode mode,
    String runtimeId,
    int maxConcurrentActivities,
    Path artifactDir,
    S3ArtifactStoreSettings s3,
    Path outputDir,
    CatalogSinkConfig catalog,
    String hostId) {

  /** The seed's contract: up to five metadata extraction tasks in parallel per worker. */
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 5;

  /** Which part of the crawler this worker runs. */
  public enum Mode {
    SAAS,
    SDR
  }

  public static WorkerConfig fromEnv(Map<String, String> env) {
    String store = env.getOrDefault("KCRAWLER_ARTIFACT_STORE", "local");
    if (!store.equals("local") && !store.equals("s3")) {
      throw new IllegalArgumentException(
          "KCRAWLER_ARTIFACT_STORE must be local or s3, got " + store);
    }
    String sink = env.getOrDefault("KCRAWLER_CATALOG_SINK", CatalogSinkConfig.FILE);
    return new WorkerConfig(
        env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        Mode.valueOf(env.getOrDefault("KCRAWLER_MODE", "saas").toUpperCase(Locale.ROOT)),
        env.get("KCRAWLER_RUNTIME_ID"),
        Integer.parseInt(
            env.getOrDefault(
                "KCRAWLER_MAX_CONCURRENT_ACTIVITIES",
                String.valueOf(DEFAULT_MAX_CONCURRENT_ACTIVITIES))),
        Path.of(env.getOrDefault("KCRAWLER_ARTIFACT_DIR", ".kcrawler/artifacts")),
        store.equals("s3") ? S3ArtifactStoreSettings.fromEnv(env) : null,
        Path.of(env.getOrDefault("KCRAWLER_OUTPUT_DIR", "crawl-output")),
        new CatalogSinkConfig(
            sink,
            env.get("KCRAWLER_ATLAN_BASE_URL"),
            env.get("KCRAWLER_ATLAN_TOKEN_REF"),
            null,
            CatalogSinkConfig.ConnectionAdmins.parse(
                env.get("KCRAWLER_ATLAN_CONNECTION_ADMIN_USERS"),
                env.get("KCRAWLER_ATLAN_CONNECTION_ADMIN_GROUPS"),
                env.get("KCRAWLER_ATLAN_CONNECTION_ADMIN_ROLES")),
            env.containsKey("KCRAWLER_ATLAN_MAX_IN_FLIGHT")
                ? Integer.valueOf(env.get("KCRAWLER_ATLAN_MAX_IN_FLIGHT"))
                : null),
        env.getOrDefault("KCRAWLER_HOST_ID", defaultHostId()));
  }

  /**
   * This host's name: a worker restarted on the same host polls the same host queue again, so a
   * crawl pinned to it resumes with the local artifacts it left.
   */
  static String defaultHostId() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  public WorkerConfig withTemporalAddress(String address) {
    return new WorkerConfig(
        address,
        namespace,
        mode,
        runtimeId,
        maxConcurrentActivities,
        artifactDir,
        s3,
        outputDir,
        catalog,
        hostId);
  }

  public WorkerConfig withMode(Mode newMode, String newRuntimeId) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        newMode,
        newRuntimeId,
        maxConcurrentActivities,
        artifactDir,
        s3,
        outputDir,
        catalog,
        hostId);
  }

  /** Local artifact directory and output directory (drops any S3 setting). */
  public WorkerConfig withDirs(Path artifacts, Path output) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        mode,
        runtimeId,
        maxConcurrentActivities,
        artifacts,
        null,
        output,
        catalog,
        hostId);
  }

  public WorkerConfig withMaxConcurrentActivities(int n) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        mode,
        runtimeId,
        n,
        artifactDir,
        s3,
        outputDir,
        catalog,
        hostId);
  }

  public WorkerConfig withHostId(String id) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        mode,
        runtimeId,
        maxConcurrentActivities,
        artifactDir,
        s3,
        outputDir,
        catalog,
        id);
  }

  public WorkerConfig withCatalog(CatalogSinkConfig sink) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        mode,
        runtimeId,
        maxConcurrentActivities,
        artifactDir,
        s3,
        outputDir,
        sink,
        hostId);
  }
}
