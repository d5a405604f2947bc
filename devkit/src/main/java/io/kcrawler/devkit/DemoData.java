package io.kcrawler.devkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small, realistic dataset for dev mode and tests: 22 topics (compacted ones, non-default
 * configs, a transactional topic that brings the internal {@code __transaction_state}), records per
 * partition, six consumer groups with committed offsets and lag, and two of them with live members.
 * Everything it creates is described by the returned {@link Dataset}, so a test can compare a crawl
 * with what was set up.
 */
public final class DemoData {

  /** A topic as created: partitions, replication factor and the configs set on it. */
  public record TopicSpec(
      String name, int partitions, int recordsPerPartition, Map<String, String> configs) {
    public long records() {
      return (long) partitions * recordsPerPartition;
    }
  }

  /** A group's committed offset per partition. */
  public record GroupSpec(
      String groupId, Map<TopicPartition, Long> committed, boolean liveMembers) {}

  /** What was set up. */
  /**
   * What was seeded. {@code ledgerOffsets} is Σ(end − start) of ledger.entries as written: each
   * committed transaction adds its record and a commit marker, and a transaction the broker refused
   * while the topic was new (retried by a fresh producer) adds its aborted record too.
   */
  public record Dataset(List<TopicSpec> topics, List<GroupSpec> groups, long ledgerOffsets) {
    public TopicSpec topic(String name) {
      return topics.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private static final List<TopicSpec> TOPICS =
      List.of(
          new TopicSpec(
              "orders", 6, 40, Map.of("retention.ms", "604800000", "compression.type", "lz4")),
          new TopicSpec("orders.retry", 2, 5, Map.of("retention.ms", "86400000")),
          new TopicSpec("orders-dlt", 1, 3, Map.of("retention.ms", "-1")),
          new TopicSpec(
              "payments",
              3,
              30,
              Map.of("retention.bytes", "1073741824", "min.insync.replicas", "1")),
          new TopicSpec(
              "customers",
              3,
              20,
              Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1")),
          new TopicSpec("customer-profiles", 2, 10, Map.of("cleanup.policy", "compact")),
          new TopicSpec("inventory.updates", 4, 25, Map.of("segment.bytes", "2097152")),
          new TopicSpec("shipments", 2, 15, Map.of()),
          new TopicSpec("shipment-events", 3, 12, Map.of("max.message.bytes", "2097152")),
          new TopicSpec(
              "clickstream", 8, 50, Map.of("retention.ms", "3600000", "compression.type", "zstd")),
          new TopicSpec("page-views", 4, 20, Map.of()),
          new TopicSpec("user-sessions", 2, 8, Map.of("cleanup.policy", "compact,delete")),
          new TopicSpec("audit-log", 1, 30, Map.of("retention.ms", "-1", "retention.bytes", "-1")),
          new TopicSpec("notifications.email", 2, 10, Map.of()),
          new TopicSpec("notifications.sms", 2, 6, Map.of()),
          new TopicSpec("fraud-alerts", 1, 4, Map.of("message.timestamp.type", "LogAppendTime")),
          new TopicSpec("ledger.entries", 3, 0, Map.of("unclean.leader.election.enable", "false")),
          new TopicSpec("metrics.app", 6, 10, Map.of("retention.ms", "172800000")),
          new TopicSpec("logs.app", 4, 10, Map.of("compression.type", "gzip")),
          new TopicSpec("connect-configs", 1, 0, Map.of("cleanup.policy", "compact")),
          new TopicSpec("connect-offsets", 5, 0, Map.of("cleanup.policy", "compact")),
          new TopicSpec("_schemas", 1, 0, Map.of("cleanup.policy", "compact")));

  /** Times a refused demo record is sent again before seeding gives up. */
  private static final int SEED_ROUNDS = 5;

  /** Records written transactionally to ledger.entries (they bring __transaction_state). */
  public static final int LEDGER_TRANSACTIONS = 5;

  private final List<KafkaConsumer<String, String>> liveMembers = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  /** Creates and fills the dataset on the cluster reached with {@code clientProps}. */
  public Dataset seed(Properties clientProps) throws Exception {
    try (Admin admin = Admin.create(clientProps)) {
      List<NewTopic> topics =
          TOPICS.stream()
              .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
              .toList();
      admin.createTopics(topics).all().get();
      awaitLeaders(admin, TOPICS.stream().map(TopicSpec::name).toList());
    }
    produce(clientProps);
    long ledgerOffsets;
    try (Admin admin = Admin.create(clientProps)) {
      TopicPartition ledger = new TopicPartition("ledger.entries", 0);
      ledgerOffsets =
          admin.listOffsets(Map.of(ledger, OffsetSpec.latest())).all().get().get(ledger).offset()
              - admin
                  .listOffsets(Map.of(ledger, OffsetSpec.earliest()))
                  .all()
                  .get()
                  .get(ledger)
                  .offset();
    }
    List<GroupSpec> groups = commitOffsets(clientProps);
    startLiveMembers(clientProps, groups);
    return new Dataset(TOPICS, groups, ledgerOffsets);
  }

  /**
   * New partitions take a moment to get a leader; producing earlier only logs retries. A topic
   * createTopics just acknowledged can also be unknown to the broker's metadata cache for a moment
   * (the controller acknowledges before the broker has applied the record), so "unknown" counts as
   * not ready yet.
   */
  public static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        boolean ready =
            admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() >= deadline) {
          throw e;
        }
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException("no leader for every partition of " + topics + " in 30 s");
      }
      Thread.sleep(100);
    }
  }

  /** Sends {@code records}; returns those the broker refused. */
  private static List<ProducerRecord<String, String>> sendAll(
      Properties props, List<ProducerRecord<String, String>> records, boolean oneAtATime)
      throws InterruptedException {
    List<ProducerRecord<String, String>> refused = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, String> r : records) {
        Future<RecordMetadata> f = producer.send(r);
        if (oneAtATime) {
          producer.flush();
        }
        sent.add(f);
      }
      producer.flush();
      for (int i = 0; i < records.size(); i++) {
        try {
          sent.get(i).get();
        } catch (ExecutionException e) {
          refused.add(records.get(i));
        }
      }
    }
    return refused;
  }

  private void produce(Properties clientProps) throws Exception {
    Properties p = new Properties();
    p.putAll(clientProps);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (TopicSpec t : TOPICS) {
      for (int partition = 0; partition < t.partitions(); partition++) {
        for (int i = 0; i < t.recordsPerPartition(); i++) {
          records.add(
              new ProducerRecord<>(
                  t.name(),
                  partition,
                  "key-" + i,
                  "{\"n\":" + i + ",\"topic\":\"" + t.name() + "\"}"));
        }
      }
    }
    // Every send is checked: right after topic creation a partition can refuse an idempotent
    // batch (OutOfOrderSequenceException, seen in CI), and the tests count these records exactly.
    // Refused records are sent again by a fresh producer, one at a time.
    for (int round = 0; !records.isEmpty(); round++) {
      if (round == SEED_ROUNDS) {
        throw new IllegalStateException(
            records.size() + " demo records were refused " + SEED_ROUNDS + " times");
      }
      records = sendAll(p, records, round > 0);
    }
    Properties tx = new Properties();
    tx.putAll(p);
    tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-writer");
    // Right after topic creation the broker can refuse a transaction (InvalidTxnStateException,
    // seen in CI under load); that error is fatal to the producer, so a fresh one (its
    // initTransactions aborts what the old one left open) retries the transaction.
    int committed = 0;
    for (int attempt = 1; committed < LEDGER_TRANSACTIONS; attempt++) {
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(tx)) {
        producer.initTransactions();
        for (; committed < LEDGER_TRANSACTIONS; committed++) {
          producer.beginTransaction();
          producer
              .send(
                  new ProducerRecord<>(
                      "ledger.entries", 0, "entry-" + committed, "{\"amount\":" + committed + "}"))
              .get();
          producer.commitTransaction();
        }
      } catch (KafkaException | ExecutionException e) {
        if (attempt == SEED_ROUNDS) {
          throw e;
        }
      }
    }
  }

  /** Commits offsets for six groups: a fraction of each partition's end, so they have lag. */
  private List<GroupSpec> commitOffsets(Properties clientProps) {
    Map<String, Map<String, Double>> plan = new LinkedHashMap<>();
    plan.put("order-service", Map.of("orders", 0.5, "orders.retry", 1.0));
    plan.put("payment-service", Map.of("payments", 0.8));
    plan.put("analytics", Map.of("clickstream", 0.25, "page-views", 0.5));
    plan.put("fraud-detector", Map.of("payments", 1.0, "orders", 0.9));
    plan.put("email-sender", Map.of("notifications.email", 0.6));
    plan.put("inventory-sync", Map.of("inventory.updates", 0.4));
    List<GroupSpec> groups = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> g : plan.entrySet()) {
      Map<TopicPartition, Long> committed = new HashMap<>();
      g.getValue()
          .forEach(
              (topic, fraction) -> {
                TopicSpec t =
                    TOPICS.stream().filter(s -> s.name().equals(topic)).findFirst().orElseThrow();
                for (int partition = 0; partition < t.partitions(); partition++) {
                  committed.put(
                      new TopicPartition(topic, partition),
                      (long) Math.floor(t.recordsPerPartition() * fraction));
                }
              });
      try (KafkaConsumer<String, String> consumer = consumer(clientProps, g.getKey())) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        committed.forEach((tp, o) -> offsets.put(tp, new OffsetAndMetadata(o)));
        consumer.assign(committed.keySet());
        consumer.commitSync(offsets);
      }
      boolean live = g.getKey().equals("order-service") || g.getKey().equals("analytics");
      groups.add(new GroupSpec(g.getKey(), Map.copyOf(committed), live));
    }
    return groups;
  }

  /**
   * Two groups get members that stay subscribed (poll without committing), so the crawl sees groups
   * with and without members; the other four keep only their committed offsets.
   */
  private void startLiveMembers(Properties clientProps, List<GroupSpec> groups)
      throws InterruptedException {
    for (GroupSpec g : groups) {
      if (!g.liveMembers()) {
        continue;
      }
      KafkaConsumer<String, String> consumer = consumer(clientProps, g.groupId());
      liveMembers.add(consumer);
      List<String> topics =
          g.committed().keySet().stream().map(TopicPartition::topic).distinct().sorted().toList();
      Thread t =
          new Thread(
              () -> {
                consumer.subscribe(topics);
                try {
                  while (running.get()) {
                    consumer.poll(Duration.ofMillis(200));
                  }
                } catch (org.apache.kafka.common.errors.WakeupException ignored) {
                  // closing
                } finally {
                  consumer.close(Duration.ofSeconds(2));
                }
              },
              "demo-member-" + g.groupId());
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    awaitMembersJoined(clientProps, groups);
  }

  private static void awaitMembersJoined(Properties clientProps, List<GroupSpec> groups)
      throws InterruptedException {
    List<String> live =
        groups.stream().filter(GroupSpec::liveMembers).map(GroupSpec::groupId).toList();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Admin admin = Admin.create(clientProps)) {
      while (System.nanoTime() < deadline) {
        try {
          boolean all =
              admin.describeConsumerGroups(live).all().get().values().stream()
                  .allMatch(
                      d ->
                          !d.members().isEmpty()
                              && d.members().stream()
                                  .allMatch(m -> !m.assignment().topicPartitions().isEmpty()));
          if (all) {
            return;
          }
        } catch (Exception e) {
          // coordinator still loading; try again
        }
        Thread.sleep(200);
      }
    }
  }

  private static KafkaConsumer<String, String> consumer(Properties clientProps, String groupId) {
    Properties c = new Properties();
    c.putAll(clientProps);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(c);
  }

  /** Stops the live members (they leave their groups). */
  public void stopMembers() {
    running.set(false);
    liveMembers.forEach(KafkaConsumer::wakeup);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
