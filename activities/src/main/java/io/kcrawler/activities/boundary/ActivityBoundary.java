package io.kcrawler.activities.boundary;

import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.FailureType;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary every activity runs its phase through: it hands the phase its {@link
 * ActivityProgress} (the one heartbeat mechanism) and turns whatever escapes into the failure
 * {@link ActivityFailures} assigns, so a failure is classified the same way in every phase.
 * Cancellation passes through untouched: Temporal decides what happens next.
 */
public final class ActivityBoundary {
  private static final Logger log = LoggerFactory.getLogger(ActivityBoundary.class);

  private ActivityBoundary() {}

  /** A phase's work, given its progress. */
  @FunctionalInterface
  public interface Phase<T> {
    T run(ActivityProgress progress) throws Exception;
  }

  /**
   * What an activity must undo when its phase failed with {@code type} (drop a client with rejected
   * credentials, forget a cached secret); runs before the failure is thrown.
   */
  @FunctionalInterface
  public interface OnFailure {
    OnFailure NOTHING = (type, cause) -> {};

    void failed(FailureType type, Throwable cause);
  }

  /** Runs {@code phase} of a crawl of {@code request} as the running activity. */
  public static <T> T run(String phase, CrawlRequest request, Phase<T> work) {
    return run(phase, request, work, OnFailure.NOTHING);
  }

  /** As {@link #run(String, CrawlRequest, Phase)}, undoing what {@code onFailure} says first. */
  public static <T> T run(String phase, CrawlRequest request, Phase<T> work, OnFailure onFailure) {
    return run(ActivityProgress.of(phase), request, work, onFailure);
  }

  static <T> T run(
      ActivityProgress progress, CrawlRequest request, Phase<T> work, OnFailure onFailure) {
    try {
      return work.run(progress);
    } catch (ActivityCompletionException cancelled) {
      throw cancelled;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      ApplicationFailure failure = ActivityFailures.classify(e, progress.phase(), request);
      FailureType type = FailureType.valueOf(failure.getType());
      try {
        onFailure.failed(type, ActivityFailures.unwrap(e));
      } catch (RuntimeException cleanup) {
        log.warn("cleaning up after a failed {} failed too", progress.phase(), cleanup);
      }
      throw failure;
    }
  }
}
