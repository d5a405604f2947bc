package io.kcrawler.worker;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a worker runs, from the usual environment variables: where Temporal is ({@code
 * TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}), its mode ({@code saas}: workflows and direct
 * activities; {@code sdr}: a self-deployed runtime's activities only), how many activities it runs
 * at once, and where artifacts and file output go.
 */
public record WorkerConfig(
    String temporalAddress,
    String namespace,
    Mode mode,
    String runtimeId,
    int maxConcurrentActivities,
    Path artifactDir,
    Path outputDir) {

  /** The seed's contract: up to five metadata extraction tasks in parallel per worker. */
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 5;

  /** Which part of the crawler this worker runs. */
  public enum Mode {
    SAAS,
    SDR
  }

  public static WorkerConfig fromEnv(Map<String, String> env) {
    return new WorkerConfig(
        env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        Mode.valueOf(env.getOrDefault("KCRAWLER_MODE", "saas").toUpperCase(java.util.Locale.ROOT)),
        env.get("KCRAWLER_RUNTIME_ID"),
        Integer.parseInt(
            env.getOrDefault(
                "KCRAWLER_MAX_CONCURRENT_ACTIVITIES",
                String.valueOf(DEFAULT_MAX_CONCURRENT_ACTIVITIES))),
        Path.of(env.getOrDefault("KCRAWLER_ARTIFACT_DIR", ".kcrawler/artifacts")),
        Path.of(env.getOrDefault("KCRAWLER_OUTPUT_DIR", "crawl-output")));
  }

  public WorkerConfig withTemporalAddress(String address) {
    return new WorkerConfig(
        address, namespace, mode, runtimeId, maxConcurrentActivities, artifactDir, outputDir);
  }

  public WorkerConfig withMode(Mode newMode, String newRuntimeId) {
    return new WorkerConfig(
        temporalAddress,
        namespace,
        newMode,
        newRuntimeId,
        maxConcurrentActivities,
        artifactDir,
        outputDir);
  }

  public WorkerConfig withDirs(Path artifacts, Path output) {
    return new WorkerConfig(
        temporalAddress, namespace, mode, runtimeId, maxConcurrentActivities, artifacts, output);
  }

  public WorkerConfig withMaxConcurrentActivities(int n) {
    return new WorkerConfig(temporalAddress, namespace, mode, runtimeId, n, artifactDir, outputDir);
  }
}
