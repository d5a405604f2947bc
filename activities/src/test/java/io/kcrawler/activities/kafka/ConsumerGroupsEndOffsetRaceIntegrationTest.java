package io.kcrawler.activities.kafka;

import static io.kcrawler.activities.kafka.KafkaPhaseFixture.MAPPER;
import static io.kcrawler.activities.kafka.KafkaPhaseFixture.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.boundary.PhaseProgress;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata.PartitionLag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer-groups phase asks for end offsets before it reads the commits (so the two overlap);
 * records produced and committed in between would put a commit ahead of its end offset. Given
 * exactly that, the phase reads those end offsets again: the end offset is never behind the commit
 * and the lag is the real one.
 */
class ConsumerGroupsEndOffsetRaceIntegrationTest {
  static final String TOPIC = "zz.end-offset-race";
  static final String GROUP = "zz.end-offset-race-group";

  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    Admin admin = KafkaPhaseFixture.admin();
    admin.deleteConsumerGroups(List.of(GROUP)).all().get();
    admin.deleteTopics(List.of(TOPIC)).all().get();
    // Later test classes take their baselines from the shared cluster: leave it as it was.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (admin.listTopics().names().get().contains(TOPIC)) {
      assertThat(System.nanoTime()).as(TOPIC + " still listed").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void givenACommitAheadOfTheEarlyEndOffset_whenCrawled_thenEndOffsetReadAgainAndLagExact()
      throws Exception {
    Admin admin = KafkaPhaseFixture.admin();
    KafkaPhaseFixture.cluster()
        .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)), Duration.ofSeconds(30));
    TopicPartition tp = new TopicPartition(TOPIC, 0);
    produce(5);
    commit(admin, tp, 5);
    ArtifactStore store = new LocalArtifactStore(dir);
    ArtifactRef topics = ConsumerGroupsCrawlerIntegrationTest.writeTopics(store);
    long[] earlyEnd = {-1};

    PhaseResult result =
        new ConsumerGroupsCrawler(admin, store, MAPPER)
            .afterEndOffsetsAsked(
                ends -> {
                  try {
                    earlyEnd[0] = ends.partitionResult(tp).get().offset();
                    produce(7); // end offset 12 now
                    commit(admin, tp, 10); // ahead of the end offset the phase already has
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .crawl(context(), topics, PhaseProgress.NONE, PhaseResume.FIRST);

    assertThat(earlyEnd[0]).isEqualTo(5);
    assertThat(result.counts()).containsEntry("endOffsetsReadAgain", 1L);
    List<ConsumerGroupMetadata> groups = new ArrayList<>();
    JsonLines.forEach(
        store,
        result.artifact(ArtifactKinds.CONSUMER_GROUPS).key(),
        ConsumerGroupMetadata.class,
        MAPPER,
        groups::add);
    PartitionLag lag =
        groups.stream()
            .filter(g -> g.groupId().equals(GROUP))
            .findFirst()
            .orElseThrow()
            .offsets()
            .get(0);
    assertThat(lag.committedOffset()).isEqualTo(10);
    assertThat(lag.logEndOffset()).isEqualTo(12);
    assertThat(lag.lag()).isEqualTo(2);
  }

  private static void commit(Admin admin, TopicPartition tp, long offset) throws Exception {
    admin.alterConsumerGroupOffsets(GROUP, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
  }

  private static void produce(int records) {
    Properties props = new Properties();
    props.putAll(KafkaPhaseFixture.cluster().adminClientProperties());
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
      }
      producer.flush();
    }
  }
}
