package io.kcrawler.worker.faults;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A crawler worker process for {@link WorkerKillIntegrationTest}: the production wiring ({@link
 * WorkerConfig#fromEnv}, {@link CrawlerWorker}) plus {@link FaultInjection}. {@code
 * KCRAWLER_TEST_FREEZE_AT=phase:n[,phase:n]} freezes an activity after its n-th heartbeat and drops
 * a marker file {@code frozen-<phase>} into {@code KCRAWLER_TEST_MARKER_DIR}, so the test can kill
 * the process in the middle of that phase. {@code KCRAWLER_TEST_TIMEOUT_CAP_SECONDS} shortens the
 * activity timeouts (see {@link FaultInjection#options}).
 */
public final class FaultWorkerMain {
  private FaultWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Set<String> freezeAt =
        Arrays.stream(System.getenv().getOrDefault("KCRAWLER_TEST_FREEZE_AT", "").split(","))
            .filter(s -> !s.isBlank())
            .collect(Collectors.toSet());
    Path markers = Path.of(System.getenv().getOrDefault("KCRAWLER_TEST_MARKER_DIR", "."));
    String cap = System.getenv("KCRAWLER_TEST_TIMEOUT_CAP_SECONDS");
    FaultInjection.HeartbeatHook freeze =
        (phase, n) -> {
          if (freezeAt.contains(phase + ":" + n)) {
            Files.writeString(markers.resolve("frozen-" + phase), "heartbeat " + n);
            Thread.sleep(Long.MAX_VALUE);
          }
        };

    WorkerConfig config = WorkerConfig.fromEnv(System.getenv());
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.temporalAddress()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
    CrawlerWorker worker =
        CrawlerWorker.onClient(
            config,
            client,
            new EnvFileSecretResolver(),
            WorkerFactoryOptions.newBuilder(
                    FaultInjection.options(
                        freeze, cap == null ? null : Duration.ofSeconds(Long.parseLong(cap))))
                // No sticky queue: a real server moves a dead worker's workflow tasks back to the
                // shared queue after the sticky schedule-to-start timeout (5 s); the test server
                // never does, so the replacement worker would not get them.
                .setWorkflowHostLocalTaskQueueScheduleToStartTimeout(Duration.ZERO)
                .build());
    worker.runUntilShutdown();
  }
}
