package io.kcrawler.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One KRaft node (a controller or a broker of a bigger quorum) in a JVM of its own, started by
 * {@link KafkaProcesses}: each process has its own open-file limit (20,000 here, ~12,500 partitions
 * per broker). Arguments: the node's properties file and the cluster id. Formats the storage if
 * needed, starts the node, prints {@code READY <node.id>} on stdout, and shuts down when stdin
 * closes (the parent closed it, or died) or on SIGTERM.
 */
public final class KafkaNode {
  private KafkaNode() {}

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    String clusterId = args[1];
    Path meta = Path.of(props.getProperty("metadata.log.dir"));
    if (!Files.exists(meta.resolve("meta.properties"))) {
      new Formatter()
          .setNodeId(Integer.parseInt(props.getProperty("node.id")))
          .setClusterId(clusterId)
          .setDirectories(List.of(props.getProperty("log.dirs"), meta.toString()))
          .setMetadataLogDirectory(meta.toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName("CONTROLLER")
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .run();
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                },
                "node-shutdown"));
    System.out.println("READY " + props.getProperty("node.id"));
    System.out.flush();
    while (System.in.read() >= 0) {
      // Nothing is sent: end of stream is the signal to stop.
    }
    System.exit(0);
  }
}
