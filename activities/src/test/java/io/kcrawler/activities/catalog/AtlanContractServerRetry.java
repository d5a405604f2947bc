package io.kcrawler.activities.catalog;

import java.time.Duration;

/** A retry policy fast enough for tests against the local contract server. */
final class AtlanContractServerRetry {
  static final AtlanApiSink.RetryPolicy FAST =
      new AtlanApiSink.RetryPolicy(
          5, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(1));

  private AtlanContractServerRetry() {}
}
