package io.kcrawler.worker.faults;

import io.kcrawler.model.ProgressDetails;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.worker.WorkerFactoryOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;

/**
 * Test-only worker interceptors, so faults are injected without hooks in production code: a
 * callback on every progress heartbeat of an activity (the crawlers heartbeat after each batch, so
 * "heartbeat n of phase p" is a precise point in the middle of a phase), and shorter activity
 * timeouts so a killed worker's activities are retried in seconds instead of after the production
 * heartbeat timeout (60 s) or start-to-close.
 */
final class FaultInjection {
  private FaultInjection() {}

  /** Called after the {@code n}-th heartbeat (1-based, per attempt) of an activity in a phase. */
  @FunctionalInterface
  interface HeartbeatHook {
    void afterHeartbeat(String phase, int n) throws Exception;
  }

  /**
   * Factory options for a crawler worker with {@code hook} on heartbeats and, when {@code
   * timeoutCap} is not null, heartbeat timeouts of {@code timeoutCap} and start-to-close timeouts
   * of at most {@code 3 × timeoutCap} on activities without a heartbeat.
   */
  static WorkerFactoryOptions options(HeartbeatHook hook, Duration timeoutCap) {
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(
            new WorkerInterceptorBase() {
              @Override
              public ActivityInboundCallsInterceptor interceptActivity(
                  ActivityInboundCallsInterceptor next) {
                return new ActivityInboundCallsInterceptorBase(next) {
                  @Override
                  public void init(ActivityExecutionContext context) {
                    super.init(hooked(context, hook));
                  }
                };
              }

              @Override
              public WorkflowInboundCallsInterceptor interceptWorkflow(
                  WorkflowInboundCallsInterceptor next) {
                if (timeoutCap == null) {
                  return next;
                }
                return new WorkflowInboundCallsInterceptorBase(next) {
                  @Override
                  public void init(WorkflowOutboundCallsInterceptor outbound) {
                    super.init(shortened(outbound, timeoutCap));
                  }
                };
              }
            })
        .build();
  }

  private static ActivityExecutionContext hooked(
      ActivityExecutionContext context, HeartbeatHook hook) {
    int[] heartbeats = {0};
    return (ActivityExecutionContext)
        Proxy.newProxyInstance(
            FaultInjection.class.getClassLoader(),
            new Class<?>[] {ActivityExecutionContext.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(context, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("heartbeat")
                  && args != null
                  && args[0] instanceof ProgressDetails details) {
                hook.afterHeartbeat(details.phase(), ++heartbeats[0]);
              }
              return result;
            });
  }

  private static WorkflowOutboundCallsInterceptor shortened(
      WorkflowOutboundCallsInterceptor outbound, Duration cap) {
    return new WorkflowOutboundCallsInterceptorBase(outbound) {
      @Override
      public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
        ActivityOptions o = input.getOptions();
        ActivityOptions.Builder b = ActivityOptions.newBuilder(o);
        if (o.getHeartbeatTimeout() != null && !o.getHeartbeatTimeout().isZero()) {
          b.setHeartbeatTimeout(cap);
        } else if (o.getStartToCloseTimeout().compareTo(cap.multipliedBy(3)) > 0) {
          b.setStartToCloseTimeout(cap.multipliedBy(3));
        }
        return super.executeActivity(
            new ActivityInput<>(
                input.getActivityName(),
                input.getResultClass(),
                input.getResultType(),
                input.getArgs(),
                b.build(),
                input.getHeader()));
      }
    };
  }
}
