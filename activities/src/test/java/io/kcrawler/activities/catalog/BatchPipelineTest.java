package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.catalog.CatalogSink.SerializedAsset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The publish pipeline on its own, with a recording sink: bounded batches in flight, a batch never
 * sent before the batches holding what it references completed, and resume points that cover
 * batches completed out of order.
 */
class BatchPipelineTest {
  static final String CONN = "default/confluent-kafka/1700000000";

  /** Records each batch's start and end, and holds each upsert for a while. */
  static final class RecordingSink implements CatalogSink {
    final Map<String, Integer> completedAt = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger clock = new AtomicInteger();
    final Set<String> failOn = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> writes;

    RecordingSink() {
      this(new ConcurrentHashMap<>());
    }

    /** Counts every stored asset into {@code writes}, which several sinks may share. */
    RecordingSink(Map<String, Integer> writes) {
      this.writes = writes;
    }

    @Override
    public boolean resumable() {
      return true;
    }

    @Override
    public int maxInFlight() {
      return 4;
    }

    @Override
    public void ensureConnection(AtlanEntity connection, boolean mustExist) {}

    @Override
    public void upsert(List<AtlanEntity> batch) throws IOException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        for (AtlanEntity e : batch) {
          for (String target : BatchPipeline.references(e)) {
            boolean inThisBatch = batch.stream().anyMatch(b -> b.qualifiedName().equals(target));
            if (!inThisBatch && !completedAt.containsKey(target)) {
              violations.add(e.qualifiedName() + " sent before " + target + " was stored");
            }
          }
          if (failOn.contains(e.qualifiedName())) {
            throw new IOException("refused " + e.qualifiedName());
          }
        }
        Thread.sleep(20);
        int t = clock.incrementAndGet();
        batch.forEach(
            e -> {
              completedAt.put(e.qualifiedName(), t);
              writes.merge(e.qualifiedName(), 1, Integer::sum);
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public void archive(List<StaleAsset> batch) {}

    @Override
    public String location() {
      return "recording";
    }

    @Override
    public void close() {}
  }

  private static SerializedAsset asset(AtlanEntity e) {
    return new SerializedAsset(e, new byte[0]);
  }

  /** A cluster, 400 topics referencing it, 200 groups referencing topics, in emission order. */
  private static List<SerializedAsset> crawl() {
    List<SerializedAsset> out = new ArrayList<>();
    String cluster = CONN + "/cluster/c";
    out.add(asset(AtlanEntity.builder("KafkaCluster", cluster, "c", CONN).build()));
    for (int i = 0; i < 400; i++) {
      out.add(
          asset(
              AtlanEntity.builder("KafkaTopic", CONN + "/topic/t" + i, "t" + i, CONN)
                  .rel(AtlanModel.KafkaTopic.CLUSTER, AtlanEntity.ref("KafkaCluster", cluster))
                  .build()));
    }
    for (int i = 0; i < 200; i++) {
      out.add(
          asset(
              AtlanEntity.builder("KafkaConsumerGroup", CONN + "/consumer-group/g" + i, "g", CONN)
                  .rel(
                      AtlanModel.KafkaConsumerGroup.TOPICS,
                      List.of(AtlanEntity.ref("KafkaTopic", CONN + "/topic/t" + (399 - i))))
                  .build()));
    }
    return out;
  }

  @Test
  void givenFourInFlight_whenPublishing_thenAtMostFourAtOnceAndNoReferenceBeforeItsTarget()
      throws Exception {
    RecordingSink sink = new RecordingSink();
    List<Integer> lowWaters = new CopyOnWriteArrayList<>();

    try (BatchPipeline pipeline =
        new BatchPipeline(sink, 4, 0, List.of(), (n, ahead, done) -> lowWaters.add(n))) {
      for (SerializedAsset a : crawl()) {
        pipeline.upsert(a);
      }
      pipeline.flushUpserts();
      assertThat(pipeline.batches()).isEqualTo(13);
    }

    assertThat(sink.violations).isEmpty();
    assertThat(sink.completedAt).hasSize(601);
    assertThat(sink.maxInFlight.get()).isBetween(2, 4);
    assertThat(lowWaters).isSorted().last().isEqualTo(13);
  }

  @Test
  void givenABatchFailingWhileLaterOnesSucceed_whenResumed_thenOnlyTheUnfinishedAreSentAgain()
      throws Exception {
    Map<String, Integer> writes = new ConcurrentHashMap<>();
    RecordingSink first = new RecordingSink(writes);
    first.failOn.add(CONN + "/topic/t120"); // in batch 2
    List<int[]> reports = new CopyOnWriteArrayList<>();
    List<List<Integer>> aheads = new CopyOnWriteArrayList<>();
    try (BatchPipeline pipeline =
        new BatchPipeline(
            first,
            4,
            0,
            List.of(),
            (n, ahead, done) -> {
              reports.add(new int[] {n});
              aheads.add(ahead);
            })) {
      boolean failed = false;
      try {
        for (SerializedAsset a : crawl()) {
          pipeline.upsert(a);
        }
        pipeline.flushUpserts();
      } catch (IOException e) {
        failed = true;
      }
      assertThat(failed).isTrue();
    }
    int lowWater = reports.get(reports.size() - 1)[0];
    List<Integer> ahead = aheads.get(aheads.size() - 1);
    assertThat(lowWater).isEqualTo(2);
    assertThat(ahead).isNotEmpty().doesNotContain(2);

    RecordingSink retry = new RecordingSink(writes);
    retry.completedAt.putAll(first.completedAt); // what the catalog already stores
    try (BatchPipeline pipeline = new BatchPipeline(retry, 4, lowWater, ahead, (n, a, d) -> {})) {
      for (SerializedAsset a : crawl()) {
        pipeline.upsert(a);
      }
      pipeline.flushUpserts();
      assertThat(pipeline.skipped()).isEqualTo(lowWater + ahead.size());
    }
    // Across both attempts every asset was stored exactly once.
    assertThat(writes).hasSize(601);
    assertThat(writes.values()).allMatch(n -> n == 1);
    assertThat(retry.violations).isEmpty();
  }
}
