package io.kcrawler.activities.boundary;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the HTTP clients of the activities (Schema Registry, Confluent Cloud Metrics API, Atlan)
 * share about waiting before a retry: a server's {@code Retry-After}, and capped exponential
 * backoff with jitter.
 */
public final class HttpRetries {
  private HttpRetries() {}

  /**
   * {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110), a date in the past as zero;
   * empty when absent or unreadable.
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers) {
    String value = headers.firstValue("Retry-After").map(String::trim).orElse("");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    }
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }

  /**
   * The wait before retry {@code attempt} (1 for the first): {@code initial} doubled per attempt,
   * capped at {@code max}, plus up to 20% jitter so parallel workers do not retry in lockstep.
   */
  public static Duration backoff(int attempt, Duration initial, Duration max) {
    long exp = initial.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
    long capped = Math.min(max.toMillis(), exp);
    long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
    return Duration.ofMillis(capped + jitter);
  }
}
