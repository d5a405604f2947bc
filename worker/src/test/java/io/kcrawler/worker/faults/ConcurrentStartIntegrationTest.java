package io.kcrawler.worker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.worker.CrawlStarter;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.kcrawler.worker.support.SharedKafka;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given two starts of a crawl of the same connection at the same moment (the topics phase held
 * until both returned), then exactly one crawl runs and finishes, and the other start is told that
 * a crawl of the connection is already running.
 */
class ConcurrentStartIntegrationTest {
  private static final CountDownLatch bothStarted = new CountDownLatch(1);
  private static CrawlTestEnv env;

  @BeforeAll
  static void start() throws Exception {
    SharedKafka.cluster();
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(),
            FaultInjection.options(
                (phase, n) -> {
                  if (phase.equals("topics")) {
                    bothStarted.await(1, TimeUnit.MINUTES);
                  }
                },
                null));
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void twoStartsOfTheSameConnectionAtOnceRunOneCrawlAndTellTheOther() throws Exception {
    JsonNode request =
        Json.mapper()
            .valueToTree(CrawlRequest.of("twice", SharedKafka.cluster().bootstrapServers()));
    CrawlStarter starter = new CrawlStarter(env.client());
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<WorkflowStub>> starts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      starts.add(
          pool.submit(
              () -> {
                together.await();
                return starter.start(request);
              }));
    }
    List<WorkflowStub> running = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    for (Future<WorkflowStub> f : starts) {
      try {
        running.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        refused.add(e.getCause());
      }
    }
    bothStarted.countDown();
    pool.shutdown();

    assertThat(running).hasSize(1);
    assertThat(refused)
        .singleElement()
        .isInstanceOf(CrawlStarter.AlreadyRunningException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("already running", "kafka-crawl-twice");
    CrawlSummary summary = CrawlStarter.await(running.get(0));
    assertThat(summary.status()).isEqualTo(CrawlStatus.SUCCEEDED);
  }
}
