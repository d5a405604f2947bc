package io.kcrawler.worker.observability;

import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.activities.PublishRequest;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.MDC;

/**
 * Around every activity: puts workflowId, runId, connectionId and phase into the logging MDC, so
 * every line an activity logs says which crawl it belongs to, and records the activity in {@link
 * CrawlMetrics}. One place for both, so no activity has to remember either.
 */
public final class CrawlActivityInterceptor extends WorkerInterceptorBase {
  public static final String MDC_WORKFLOW_ID = "workflowId";
  public static final String MDC_RUN_ID = "runId";
  public static final String MDC_CONNECTION_ID = "connectionId";
  public static final String MDC_PHASE = "phase";

  private final CrawlMetrics metrics;

  public CrawlActivityInterceptor(CrawlMetrics metrics) {
    this.metrics = metrics;
  }

  /** The logging context without metrics (dev mode, tests). */
  public static CrawlActivityInterceptor logContextOnly() {
    return new CrawlActivityInterceptor(new CrawlMetrics(new CompositeMeterRegistry()));
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityInfo info = context.getInfo();
        String activity = info.getActivityType();
        String phase = phaseOf(activity);
        String system = systemOf(activity);
        CrawlContext crawl = crawlContext(input.getArguments());
        MDC.put(MDC_WORKFLOW_ID, info.getWorkflowId());
        MDC.put(MDC_RUN_ID, info.getRunId());
        MDC.put(MDC_PHASE, phase);
        if (crawl != null) {
          MDC.put(MDC_CONNECTION_ID, crawl.connectionId());
        }
        long start = System.nanoTime();
        try {
          ActivityOutput output = super.execute(input);
          metrics.recordSuccess(phase, system, activity, since(start), output.getResult());
          return output;
        } catch (RuntimeException | Error e) {
          metrics.recordFailure(phase, system, activity, since(start), failureType(e));
          throw e;
        } finally {
          MDC.remove(MDC_WORKFLOW_ID);
          MDC.remove(MDC_RUN_ID);
          MDC.remove(MDC_PHASE);
          MDC.remove(MDC_CONNECTION_ID);
        }
      }
    };
  }

  /** "CrawlTopicConfigs" → "topic-configs", "Preflight" → "preflight", as in {@code Phases}. */
  static String phaseOf(String activityType) {
    String name = activityType.startsWith("Crawl") ? activityType.substring(5) : activityType;
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Which outside system an activity talks to, for request counts. */
  static String systemOf(String activityType) {
    if (activityType.contains("Schema")) {
      return "schema_registry";
    }
    if (activityType.equals("Publish")) {
      return "catalog";
    }
    return "kafka";
  }

  private static CrawlContext crawlContext(Object[] arguments) {
    for (Object a : arguments) {
      if (a instanceof CrawlContext c) {
        return c;
      }
      if (a instanceof PublishRequest p) {
        return p.context();
      }
    }
    return null;
  }

  private static String failureType(Throwable e) {
    return e instanceof ApplicationFailure af && af.getType() != null
        ? af.getType()
        : e.getClass().getSimpleName();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
