package io.kcrawler.worker.faults;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One broker for the fault tests, started once per test JVM: the demo dataset plus {@link
 * #BULK_TOPICS} small topics, so the topics and topic-configs phases take three batches each (a
 * heartbeat after the first batch is a point in the middle of the phase, and with two batches in
 * flight the third is asked for only after it). Tests that change the cluster add and remove their
 * own topics and groups only.
 */
final class FaultCluster {
  /** More than two describeTopics and describeConfigs batches (1,000 each). */
  static final int BULK_TOPICS = 2_010;

  private static EmbeddedKafkaCluster cluster;

  private FaultCluster() {}

  static synchronized EmbeddedKafkaCluster get() {
    if (cluster == null) {
      EmbeddedKafkaCluster started = EmbeddedKafkaCluster.builder().start();
      DemoData demo = new DemoData();
      try {
        demo.seed(started.adminClientProperties());
      } catch (Exception e) {
        throw new IllegalStateException("seeding the demo dataset failed", e);
      }
      List<NewTopic> bulk = new ArrayList<>();
      for (int i = 0; i < BULK_TOPICS; i++) {
        bulk.add(new NewTopic(String.format("bulk.topic-%04d", i), 1, (short) 1));
      }
      started.createTopics(bulk, Duration.ofMinutes(3));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    demo.stopMembers();
                    started.close();
                  }));
      cluster = started;
    }
    return cluster;
  }
}
