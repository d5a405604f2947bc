package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.atlan.AtlanContractServer;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.worker.support.CrawlTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a real broker where one classic consumer group is caught in PreparingRebalance (a second
 * consumer joined while the first stopped polling) and one KIP-848 group in a state Atlan's enum
 * has no value for (Reconciling: a member holds partitions it must give up and has not yet), when a
 * crawl publishes through the Atlan contract server, then no request is refused, nothing is
 * dropped, the first group carries Atlan's {@code PreparingRebalance} and the second no state,
 * while the raw crawl output keeps Kafka's own state of both.
 */
class AtlanPublishIntegrationTest {
  private static final String TOKEN = "atlan-it-token";
  private static final String TOPIC = "rebalancing-orders";
  private static final String CLASSIC_GROUP = "joining-group";
  private static final String KIP848_GROUP = "kip848-group";

  /** Long enough that the stalled members stay in their groups for the whole test. */
  private static final String STALL_MS = "120000";

  private static EmbeddedKafkaCluster kafka;
  private static AtlanContractServer atlan;
  private static CrawlTestEnv env;
  private static final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
  private static final AtomicBoolean polling = new AtomicBoolean(true);
  private static final List<Thread> pollers = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafkaCluster.builder().start();
    kafka.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)), Duration.ofSeconds(30));
    atlan = new AtlanContractServer(TOKEN);
    env =
        CrawlTestEnv.start(
            new EnvFileSecretResolver(Map.of("ATLAN_TOKEN", TOKEN)),
            c ->
                c.withCatalog(
                    CatalogSinkConfig.atlan(atlan.baseUrl(), "env:ATLAN_TOKEN")
                        .withAdmins(
                            new CatalogSinkConfig.ConnectionAdmins(List.of("jdoe"), null, null))));
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      DemoData.awaitLeaders(admin, List.of(TOPIC));
      stallGroup(admin, CLASSIC_GROUP, "classic", GroupState.PREPARING_REBALANCE);
      stallGroup(admin, KIP848_GROUP, "consumer", GroupState.RECONCILING);
    }
  }

  /**
   * A first member takes every partition and stops polling; a second member joins and keeps
   * polling. The group cannot finish rebalancing until the first member polls again, which it does
   * not (for up to {@link #STALL_MS}).
   */
  private static void stallGroup(Admin admin, String group, String protocol, GroupState expected)
      throws Exception {
    KafkaConsumer<byte[], byte[]> first = consumer(group, protocol);
    // A listener makes the KIP-848 member give partitions up only from its own poll loop.
    first.subscribe(
        List.of(TOPIC),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        });
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (first.assignment().size() < 2 && System.nanoTime() < deadline) {
      first.poll(Duration.ofMillis(100));
    }
    assertThat(first.assignment()).as(group + " first member's assignment").hasSize(2);
    KafkaConsumer<byte[], byte[]> second = consumer(group, protocol);
    second.subscribe(List.of(TOPIC));
    Thread poller =
        new Thread(
            () -> {
              while (polling.get()) {
                second.poll(Duration.ofMillis(100));
              }
            },
            "poller-" + group);
    poller.setDaemon(true);
    poller.start();
    pollers.add(poller);
    GroupState state = null;
    while (System.nanoTime() < deadline + Duration.ofSeconds(30).toNanos()) {
      state = admin.describeConsumerGroups(List.of(group)).all().get().get(group).groupState();
      if (state == expected) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(group + " did not reach " + expected + ", last " + state);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String group, String protocol) {
    Properties p = new Properties();
    p.putAll(kafka.adminClientProperties());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, STALL_MS);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
    consumers.add(c);
    return c;
  }

  @AfterAll
  static void stop() throws Exception {
    polling.set(false);
    for (Thread t : pollers) {
      t.join(5_000);
    }
    consumers.forEach(c -> c.close(Duration.ofSeconds(2)));
    env.close();
    atlan.close();
    kafka.close();
  }

  @Test
  void groupsMidRebalanceAndInStatesAtlanLacksPublishWithoutARefusal() throws Exception {
    CrawlSummary summary =
        env.crawl(
            CrawlRequest.of("rebalancing", kafka.bootstrapServers())
                .withTopicFilters(List.of("rebalancing-.*"), null));

    assertThat(summary.status()).as(summary.toString()).isEqualTo(CrawlStatus.SUCCEEDED);
    assertThat(atlan.refusals()).isEmpty();
    assertThat(atlan.dropped()).isEmpty();
    assertThat(state(CLASSIC_GROUP)).isEqualTo("PreparingRebalance");
    assertThat(state(KIP848_GROUP)).isNull();
    assertThat(atlan.assets("Connection")).hasSize(1);
    assertThat(atlan.assets("KafkaTopic"))
        .extracting(t -> t.entity.path("attributes").path("name").asText())
        .containsExactly(TOPIC);
    // The raw output keeps what Kafka said.
    Map<String, ConsumerGroupMetadata> raw =
        KafkaCrawlIntegrationTest.readFrom(
            Path.of(summary.outputLocation()),
            "consumer-groups.jsonl",
            ConsumerGroupMetadata.class,
            ConsumerGroupMetadata::groupId);
    assertThat(raw.get(CLASSIC_GROUP).state()).isEqualTo("PREPARING_REBALANCE");
    assertThat(raw.get(KIP848_GROUP).state()).isEqualTo("RECONCILING");
  }

  private static String state(String group) {
    JsonNode attributes =
        atlan.assets("KafkaConsumerGroup").stream()
            .map(g -> g.entity.path("attributes"))
            .filter(a -> a.path("name").asText().equals(group))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no asset for group " + group));
    JsonNode state = attributes.path("kafkaConsumerGroupState");
    return state.isMissingNode() ? null : state.asText();
  }
}
