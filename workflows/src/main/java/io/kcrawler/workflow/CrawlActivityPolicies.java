package io.kcrawler.workflow;

import io.kcrawler.model.FailureType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The retry and timeout policy of every activity, in one table (mirrored in the README). Every
 * retry is bounded by attempts and by schedule-to-close; non-retryable failure types are never
 * retried. Schedule-to-start applies to the queues of one worker: a self-deployed runtime's (nobody
 * polling means the runtime is offline) and a host's that preflight pinned the crawl to (nobody
 * polling means that host's worker is gone, and its artifacts with it).
 */
public enum CrawlActivityPolicies {
  /** Fast fail: a silent cluster is retried within a 5-minute budget, bad credentials never. */
  PREFLIGHT(
      Duration.ofSeconds(60),
      null,
      Duration.ofMinutes(5),
      Duration.ofSeconds(2),
      Duration.ofSeconds(30),
      8),
  /** Topic listing and describe: batched, heartbeats each batch. */
  TOPICS(
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ofHours(2),
      Duration.ofSeconds(5),
      Duration.ofMinutes(1),
      5),
  TOPIC_CONFIGS(
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ofHours(2),
      Duration.ofSeconds(5),
      Duration.ofMinutes(1),
      5),
  BROKERS(
      Duration.ofMinutes(5),
      null,
      Duration.ofMinutes(30),
      Duration.ofSeconds(5),
      Duration.ofMinutes(1),
      5),
  CONSUMER_GROUPS(
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ofHours(2),
      Duration.ofSeconds(5),
      Duration.ofMinutes(1),
      5),
  /** The registry client retries inside the activity too; Temporal adds a few more attempts. */
  SCHEMAS(
      Duration.ofMinutes(30),
      Duration.ofSeconds(60),
      Duration.ofHours(1),
      Duration.ofSeconds(10),
      Duration.ofMinutes(2),
      3),
  /** Publishing resumes at the last acknowledged batch, so retries are cheap. */
  PUBLISH(
      Duration.ofMinutes(60),
      // One catalog request may wait up to 60 s on Retry-After: heartbeat comfortably above it.
      Duration.ofSeconds(120),
      Duration.ofHours(3),
      Duration.ofSeconds(5),
      Duration.ofMinutes(2),
      10),
  /** Best effort: the Admin client's idle timeout closes it anyway. */
  RELEASE(
      Duration.ofSeconds(30),
      null,
      Duration.ofMinutes(2),
      Duration.ofSeconds(1),
      Duration.ofSeconds(10),
      2);

  /** How long a runtime's queue may go unpolled before the runtime counts as offline. */
  public static final Duration RUNTIME_SCHEDULE_TO_START = Duration.ofMinutes(2);

  private final Duration startToClose;
  private final Duration heartbeat;
  private final Duration scheduleToClose;
  private final Duration initialInterval;
  private final Duration maximumInterval;
  private final int maximumAttempts;

  CrawlActivityPolicies(
      Duration startToClose,
      Duration heartbeat,
      Duration scheduleToClose,
      Duration initialInterval,
      Duration maximumInterval,
      int maximumAttempts) {
    this.startToClose = startToClose;
    this.heartbeat = heartbeat;
    this.scheduleToClose = scheduleToClose;
    this.initialInterval = initialInterval;
    this.maximumInterval = maximumInterval;
    this.maximumAttempts = maximumAttempts;
  }

  /**
   * Options for this activity on {@code taskQueue}; {@code remote} (a runtime's or a pinned host's
   * queue) adds the schedule-to-start check.
   */
  public ActivityOptions options(String taskQueue, boolean remote) {
    ActivityOptions.Builder b =
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(startToClose)
            .setScheduleToCloseTimeout(scheduleToClose)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(initialInterval)
                    .setBackoffCoefficient(2.0)
                    .setMaximumInterval(maximumInterval)
                    .setMaximumAttempts(maximumAttempts)
                    .setDoNotRetry(FailureType.nonRetryableTypes())
                    .build());
    if (heartbeat != null) {
      b.setHeartbeatTimeout(heartbeat);
    }
    if (remote) {
      b.setScheduleToStartTimeout(RUNTIME_SCHEDULE_TO_START);
    }
    return b.build();
  }

  public Duration startToClose() {
    return startToClose;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  public Duration scheduleToClose() {
    return scheduleToClose;
  }

  public int maximumAttempts() {
    return maximumAttempts;
  }
}
