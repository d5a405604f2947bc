package io.kcrawler.activities.boundary;

import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.ProgressDetails.Checkpoint;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one heartbeat mechanism of every phase: the last {@link ProgressDetails} it reported, sent
 * again by {@link #keepAlive()} while a client waits (backoff, Retry-After), and the details the
 * previous attempt left behind, to resume from. Outside an activity (dev tools, unit tests) it
 * records progress and sends nothing.
 */
public final class ActivityProgress implements PhaseProgress {
  private static final Logger log = LoggerFactory.getLogger(ActivityProgress.class);

  /**
   * Waits are cut into slices this long with a keep-alive between them, far inside any heartbeat
   * timeout, so a long Retry-After or backoff never looks like a dead worker. Cheap: the Temporal
   * SDK sends at most one heartbeat per 0.8 × the heartbeat timeout and keeps the others local.
   */
  public static final Duration KEEP_ALIVE_SLICE = Duration.ofSeconds(1);

  private final String phase;
  private final ActivityExecutionContext activity;
  private volatile ProgressDetails last;

  private ActivityProgress(String phase, ActivityExecutionContext activity) {
    this.phase = phase;
    this.activity = activity;
    // Until the phase reports, a keep-alive re-sends what the previous attempt reached: an attempt
    // that dies before its first report must not erase the point a retry resumes from.
    this.last = previous().orElse(new ProgressDetails(phase, 0, 0, 0));
  }

  /** Progress of {@code phase} in the running activity, or detached outside one. */
  static ActivityProgress of(String phase) {
    return new ActivityProgress(phase, currentActivity());
  }

  /** Progress that heartbeats nothing: for code run outside Temporal. */
  public static ActivityProgress detached(String phase) {
    return new ActivityProgress(phase, null);
  }

  public String phase() {
    return phase;
  }

  @Override
  public void report(long done, long total, int completedBatches, Checkpoint checkpoint) {
    report(new ProgressDetails(phase, done, total, completedBatches, checkpoint));
  }

  /** Records {@code details} as the phase's progress and heartbeats it. */
  public void report(ProgressDetails details) {
    last = details;
    keepAlive();
  }

  /** The last progress again: a client calls it while it waits, so the attempt stays alive. */
  public void keepAlive() {
    if (activity != null) {
      activity.heartbeat(last);
    }
  }

  /** The last progress reported. */
  public ProgressDetails last() {
    return last;
  }

  /** This attempt's number: 1 for the first (and outside an activity). */
  public int attempt() {
    return activity == null ? 1 : activity.getInfo().getAttempt();
  }

  /**
   * What the previous attempt of this phase heartbeated last, if anything. Details of another
   * phase, or ones an older worker wrote in a shape this one cannot read, start the phase over.
   */
  public Optional<ProgressDetails> previous() {
    if (activity == null) {
      return Optional.empty();
    }
    try {
      return activity
          .getHeartbeatDetails(ProgressDetails.class)
          .filter(d -> phase.equals(d.phase()));
    } catch (RuntimeException unreadable) {
      log.warn(
          "heartbeat details of {} are unreadable; starting the phase over", phase, unreadable);
      return Optional.empty();
    }
  }

  /**
   * Sleeps {@code wait} in {@link #KEEP_ALIVE_SLICE} slices, calling {@code keepAlive} before each
   * and at the end: the one way a client waits (backoff, Retry-After) inside an activity.
   */
  public static void sleep(Duration wait, Runnable keepAlive) throws InterruptedException {
    long remaining = wait.toMillis();
    while (remaining > 0) {
      keepAlive.run();
      long slice = Math.min(remaining, KEEP_ALIVE_SLICE.toMillis());
      Thread.sleep(slice);
      remaining -= slice;
    }
    keepAlive.run();
  }

  private static ActivityExecutionContext currentActivity() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException notInActivity) {
      return null;
    }
  }
}
