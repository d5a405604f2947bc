package io.kcrawler.activities.catalog;

import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs {@link CatalogPublishActivities#publish} inside Temporal's activity test environment (so
 * heartbeats and heartbeat details behave as on a worker), one attempt per call.
 */
final class PublishHarness implements AutoCloseable {
  final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  final List<ProgressDetails> heartbeats = new CopyOnWriteArrayList<>();
  private final CatalogPublishActivities stub;

  PublishHarness(CatalogPublishActivities impl) {
    env.registerActivitiesImplementations(impl);
    env.setActivityHeartbeatListener(ProgressDetails.class, heartbeats::add);
    stub =
        env.newActivityStub(
            CatalogPublishActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                // The SDK throttles heartbeats to 0.8 x this timeout: 1 ms lets every batch's
                // heartbeat through, so tests see exact resume points. (The test environment
                // does not enforce the timeout.)
                .setHeartbeatTimeout(Duration.ofMillis(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  /** Starts the next attempt as a retry would: with these heartbeat details. */
  PublishHarness resumingFrom(ProgressDetails details) {
    env.setHeartbeatDetails(details);
    return this;
  }

  PhaseResult publish(PublishRequest request) {
    return stub.publish(request);
  }

  ProgressDetails lastHeartbeat() {
    return heartbeats.isEmpty() ? null : heartbeats.get(heartbeats.size() - 1);
  }

  @Override
  public void close() {
    env.close();
  }
}
