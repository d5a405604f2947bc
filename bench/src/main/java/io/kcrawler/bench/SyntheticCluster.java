package io.kcrawler.bench;

import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Grows a synthetic cluster in place, size by size, in a {@link Shape}: the main bench's ({@link
 * Shape#BENCH}) has {@value #WIDE_PARTITIONS} partitions on every {@value #WIDE_EVERY}th topic, one
 * on the others (1.25 per topic: the broker keeps one file handle per partition and this machine's
 * hard limit is 20,000 open files, so 2 per topic at 10k topics takes one broker down), one
 * consumer group per {@value #TOPICS_PER_GROUP} topics with committed offsets on all their
 * partitions, one Avro value subject per {@value #TOPICS_PER_SUBJECT} topics. A few records go to
 * every {@value #PRODUCE_EVERY}th topic, so offsets and lag are not all zero; every {@value
 * #LEVEL_EVERY}th subject has a compatibility level of its own (the others inherit the registry's),
 * so reading levels finds some.
 */
final class SyntheticCluster {
  static final int WIDE_EVERY = 4;
  static final int WIDE_PARTITIONS = 2;
  static final int TOPICS_PER_GROUP = 5;
  static final int TOPICS_PER_SUBJECT = 2;
  static final int PRODUCE_EVERY = 50;
  static final int LEVEL_EVERY = 10;

  /** Groups committed at once while seeding: the coordinator handles them one by one anyway. */
  private static final int COMMIT_WINDOW = 200;

  /**
   * How many partitions each topic has (two on every {@code wideEvery}th, one on the others), and
   * how many topics share one consumer group and one subject.
   */
  record Shape(int wideEvery, int widePartitions, int topicsPerGroup, int topicsPerSubject) {
    /** The main bench's: 1.25 partitions per topic, so 10k topics fit one broker process. */
    static final Shape BENCH =
        new Shape(WIDE_EVERY, WIDE_PARTITIONS, TOPICS_PER_GROUP, TOPICS_PER_SUBJECT);

    int partitions(int topic) {
      return topic % wideEvery == 0 ? widePartitions : 1;
    }

    /** Partitions of the first {@code topics} topics. */
    long partitionsOf(int topics) {
      long n = 0;
      for (int i = 0; i < topics; i++) {
        n += partitions(i);
      }
      return n;
    }
  }

  /** Creates topics and returns once the brokers serve them. */
  @FunctionalInterface
  interface TopicCreator {
    void create(List<NewTopic> topics) throws Exception;
  }

  /** Seconds each step of one growth took. */
  record Growth(
      int from, int to, double topicsS, double recordsS, double offsetsS, double subjectsS) {
    double totalS() {
      return topicsS + recordsS + offsetsS + subjectsS;
    }
  }

  private final Shape shape;
  private final TopicCreator creator;
  private final SchemaRegistryContractServer registry;
  private final Properties direct;
  private final List<Growth> growths = new ArrayList<>();
  private int topics;

  SyntheticCluster(
      Shape shape, TopicCreator creator, SchemaRegistryContractServer registry, Properties direct) {
    this.shape = shape;
    this.creator = creator;
    this.registry = registry;
    this.direct = direct;
  }

  static String topic(int i) {
    return String.format("bench.orders.topic-with-a-realistic-name-%05d", i);
  }

  int topics() {
    return topics;
  }

  /** Partitions of the first {@code topics} topics in the main bench's shape. */
  static long partitionsOf(int topics) {
    return Shape.BENCH.partitionsOf(topics);
  }

  long partitions() {
    return shape.partitionsOf(topics);
  }

  int groups() {
    return topics / shape.topicsPerGroup();
  }

  int subjects() {
    return (topics + shape.topicsPerSubject() - 1) / shape.topicsPerSubject();
  }

  List<Growth> growths() {
    return List.copyOf(growths);
  }

  /** Adds topics, groups and subjects until the cluster has {@code target} topics. */
  Growth growTo(int target) throws Exception {
    if (target <= topics) {
      return null;
    }
    long t0 = System.nanoTime();
    List<NewTopic> fresh = new ArrayList<>();
    for (int i = topics; i < target; i++) {
      fresh.add(new NewTopic(topic(i), shape.partitions(i), (short) 1));
    }
    creator.create(fresh);
    long t1 = System.nanoTime();
    produce(topics, target);
    long t2 = System.nanoTime();
    commitOffsets(topics, target);
    long t3 = System.nanoTime();
    registerSubjects(topics, target);
    Growth g =
        new Growth(
            topics,
            target,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (t3 - t2) / 1e9,
            (System.nanoTime() - t3) / 1e9);
    System.out.printf(
        "seeded %d → %d topics: topics %.1f s, records %.1f s, group offsets %.1f s, subjects"
            + " %.1f s%n",
        g.from(), g.to(), g.topicsS(), g.recordsS(), g.offsetsS(), g.subjectsS());
    growths.add(g);
    topics = target;
    return g;
  }

  private void produce(int from, int to) {
    Properties p = new Properties();
    p.putAll(direct);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = from; i < to; i++) {
        if (i % PRODUCE_EVERY == 0) {
          for (int r = 0; r < 10; r++) {
            producer.send(
                new ProducerRecord<>(
                    topic(i), r % shape.partitions(i), "k" + r, "{\"id\":" + r + "}"));
          }
        }
      }
      producer.flush();
    }
  }

  private void commitOffsets(int from, int to) throws ExecutionException, InterruptedException {
    int perGroup = shape.topicsPerGroup();
    try (Admin admin = Admin.create(direct)) {
      List<KafkaFuture<Void>> window = new ArrayList<>();
      for (int g = from / perGroup; g < to / perGroup; g++) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
        for (int t = g * perGroup; t < (g + 1) * perGroup; t++) {
          for (int p = 0; p < shape.partitions(t); p++) {
            offsets.put(new TopicPartition(topic(t), p), new OffsetAndMetadata(0));
          }
        }
        window.add(
            admin.alterConsumerGroupOffsets(String.format("bench-group-%05d", g), offsets).all());
        if (window.size() == COMMIT_WINDOW) {
          KafkaFuture.allOf(window.toArray(KafkaFuture[]::new)).get();
          window.clear();
        }
      }
      KafkaFuture.allOf(window.toArray(KafkaFuture[]::new)).get();
    }
  }

  private void registerSubjects(int from, int to) {
    int perSubject = shape.topicsPerSubject();
    // The first topic of each run of perSubject topics carries a subject, counting from 0.
    int first = (from + perSubject - 1) / perSubject * perSubject;
    for (int i = first; i < to; i += perSubject) {
      String record = "Order" + i;
      String subject = topic(i) + "-value";
      registry.register(
          subject,
          "AVRO",
          "{\"type\":\"record\",\"name\":\""
              + record
              + "\",\"namespace\":\"io.kcrawler.bench\",\"fields\":["
              + "{\"name\":\"id\",\"type\":\"long\"},"
              + "{\"name\":\"customer\",\"type\":\"string\"},"
              + "{\"name\":\"amount\",\"type\":\"double\"},"
              + "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status"
              + i
              + "\",\"symbols\":[\"NEW\",\"PAID\",\"SHIPPED\"]}},"
              + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
      if ((i / perSubject) % LEVEL_EVERY == 0) {
        registry.setSubjectCompatibility(subject, "FULL");
      }
    }
  }
}
