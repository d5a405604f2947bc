package io.kcrawler.worker.observability;

import io.kcrawler.model.PhaseResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The crawler's own metrics, next to Temporal's: how long each phase took and how it ended, how
 * many items each phase found, calls to Kafka, the Schema Registry and the catalog with their
 * errors by failure type, and operations the principal was denied. Names follow Micrometer (dots);
 * Prometheus shows them as {@code kcrawler_phase_duration_seconds}, {@code
 * kcrawler_phase_items_total}, {@code kcrawler_requests_total}, {@code
 * kcrawler_request_errors_total}, {@code kcrawler_denied_operations_total}.
 */
public final class CrawlMetrics {
  public static final String PHASE_DURATION = "kcrawler.phase.duration";
  public static final String PHASE_ITEMS = "kcrawler.phase.items";
  public static final String PHASE_WARNINGS = "kcrawler.phase.warnings";
  public static final String REQUESTS = "kcrawler.requests";
  public static final String REQUEST_ERRORS = "kcrawler.request.errors";
  public static final String DENIED = "kcrawler.denied.operations";

  private final MeterRegistry registry;

  public CrawlMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One finished activity: its phase, the system it talked to, how long and its result. */
  void recordSuccess(String phase, String system, String activity, Duration took, Object result) {
    timer(phase, "ok").record(took);
    requests(system, activity, "ok").increment();
    if (result instanceof PhaseResult r) {
      r.counts()
          .forEach(
              (item, n) ->
                  Counter.builder(PHASE_ITEMS)
                      .description("Items a crawl phase found, by kind")
                      .tag("phase", phase)
                      .tag("item", item)
                      .register(registry)
                      .increment(n));
      Counter.builder(PHASE_WARNINGS)
          .description("Warnings of crawl phases")
          .tag("phase", phase)
          .register(registry)
          .increment(r.totalWarnings());
      // History carries at most MAX_WARNINGS_IN_HISTORY denied entries; this counts those.
      Counter.builder(DENIED)
          .description("Operations the crawl principal was denied (ACLs)")
          .tag("phase", phase)
          .register(registry)
          .increment(r.denied() == null ? 0 : r.denied().size());
    }
  }

  /** One failed attempt of an activity; {@code failureType} is the ApplicationFailure type. */
  void recordFailure(
      String phase, String system, String activity, Duration took, String failureType) {
    timer(phase, "error").record(took);
    requests(system, activity, "error").increment();
    Counter.builder(REQUEST_ERRORS)
        .description("Failed calls to Kafka, the Schema Registry or the catalog, by failure type")
        .tag("system", system)
        .tag("type", failureType)
        .register(registry)
        .increment();
  }

  private Timer timer(String phase, String outcome) {
    return Timer.builder(PHASE_DURATION)
        .description("Duration of one attempt of a crawl phase")
        .tag("phase", phase)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter requests(String system, String activity, String outcome) {
    return Counter.builder(REQUESTS)
        .description("Activity calls to Kafka, the Schema Registry or the catalog")
        .tag("system", system)
        .tag("activity", activity)
        .tag("outcome", outcome)
        .register(registry);
  }
}
