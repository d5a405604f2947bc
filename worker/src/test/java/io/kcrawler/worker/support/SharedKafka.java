package io.kcrawler.worker.support;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;

/**
 * One embedded broker with the demo dataset for the whole test JVM: started on first use, stopped
 * when the JVM exits. Tests that change a cluster start their own.
 */
public final class SharedKafka {
  private static EmbeddedKafkaCluster cluster;
  private static DemoData.Dataset dataset;

  private SharedKafka() {}

  public static synchronized EmbeddedKafkaCluster cluster() {
    if (cluster == null) {
      cluster = EmbeddedKafkaCluster.builder().start();
      DemoData demo = new DemoData();
      try {
        dataset = demo.seed(cluster.adminClientProperties());
      } catch (Exception e) {
        throw new IllegalStateException("seeding the demo dataset failed", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    demo.stopMembers();
                    cluster.close();
                  }));
    }
    return cluster;
  }

  public static synchronized DemoData.Dataset dataset() {
    cluster();
    return dataset;
  }
}
