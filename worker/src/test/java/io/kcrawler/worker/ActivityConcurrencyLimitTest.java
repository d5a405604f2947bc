package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Given four crawls at once (each runs four phases in parallel: sixteen activities wanting to run),
 * when one worker with the default settings runs them, then at most five activities run at the same
 * time, and five do (the limit is reached, not merely respected by idleness).
 */
class ActivityConcurrencyLimitTest {
  /** Every activity holds its slot this long, so the crawls' parallel phases overlap. */
  private static final long HOLD_MS = 400;

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();

  private final class CountingInterceptor extends WorkerInterceptorBase {
    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
      return new ActivityInboundCallsInterceptorBase(next) {
        @Override
        public ActivityOutput execute(ActivityInput input) {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(HOLD_MS);
            return super.execute(input);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          } finally {
            running.decrementAndGet();
          }
        }
      };
    }
  }

  @Test
  void atMostFiveActivitiesRunAtOnceOnOneWorker() throws Exception {
    String bootstrap = SharedKafka.cluster().bootstrapServers();
    WorkerFactoryOptions options =
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new CountingInterceptor()).build();
    try (CrawlTestEnv env = CrawlTestEnv.start(new EnvFileSecretResolver(), options)) {
      List<WorkflowStub> crawls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        crawls.add(
            env.start(Json.mapper().valueToTree(CrawlRequest.of("parallel-" + i, bootstrap))));
      }
      for (WorkflowStub crawl : crawls) {
        assertThat(crawl.getResult(CrawlSummary.class).status()).isEqualTo(CrawlStatus.SUCCEEDED);
      }
    }
    assertThat(WorkerConfig.DEFAULT_MAX_CONCURRENT_ACTIVITIES).isEqualTo(5);
    assertThat(peak.get()).isEqualTo(5);
  }
}
