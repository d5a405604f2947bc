package io.kcrawler.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster bigger than one process can hold: one KRaft controller and {@code brokers}
 * broker-only nodes, each a {@link KafkaNode} in a JVM of its own started with this JVM's class
 * path (each process has its own open-file limit; one broker holds ~12,500 partitions under
 * 20,000). Node {@code i}'s client listener binds {@link #listenPorts()}{@code [i]} and advertises
 * the given port, so clients can reach it through a proxy.
 */
final class KafkaProcesses implements AutoCloseable {
  /** A node's JVM and where its output goes. */
  record Node(int id, Process process, Path log) {}

  /**
   * Broker heartbeats go unanswered for seconds when a handful of JVMs share two busy cores: the
   * default 9 s session would fence brokers in the middle of a build.
   */
  private static final String BROKER_SESSION_TIMEOUT_MS = "60000";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Path baseDir;
  private final String clusterId = Uuid.randomUuid().toString();
  private final List<Integer> listenPorts = new ArrayList<>();
  private final List<Node> brokers = new ArrayList<>();
  private Node controller;

  /** Chooses the ports; {@link #start} launches the nodes. */
  KafkaProcesses(int brokers, Path baseDir) throws IOException {
    this.baseDir = Files.createDirectories(baseDir);
    for (int i = 0; i < brokers; i++) {
      listenPorts.add(freePort());
    }
  }

  /** The ports the brokers' client listeners bind, in broker order (node ids 1..n). */
  List<Integer> listenPorts() {
    return List.copyOf(listenPorts);
  }

  /** Broker node ids, in order. */
  List<Integer> brokerIds() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 1; i <= listenPorts.size(); i++) {
      ids.add(i);
    }
    return ids;
  }

  List<Node> brokers() {
    return List.copyOf(brokers);
  }

  /**
   * Starts the controller, then every broker at once, each advertising {@code advertised.get(i)};
   * returns when all of them are registered.
   */
  void start(List<Integer> advertised, String nodeHeap) throws Exception {
    int controllerPort = freePort();
    String voters = "0@127.0.0.1:" + controllerPort;
    Properties c = common(0, voters);
    c.put("process.roles", "controller");
    c.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
    c.put("broker.session.timeout.ms", BROKER_SESSION_TIMEOUT_MS);
    controller = launch(0, c, nodeHeap);
    List<Node> starting = new ArrayList<>();
    for (int i = 0; i < listenPorts.size(); i++) {
      int id = i + 1;
      Properties b = common(id, voters);
      b.put("process.roles", "broker");
      b.put("listeners", "PLAINTEXT://127.0.0.1:" + listenPorts.get(i));
      b.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + advertised.get(i));
      b.put("inter.broker.listener.name", "PLAINTEXT");
      b.put("broker.heartbeat.interval.ms", "3000");
      b.put("broker.rack", "rack-" + (id % 3));
      starting.add(launch(id, b, nodeHeap));
    }
    awaitReady(controller);
    for (Node n : starting) {
      awaitReady(n);
      brokers.add(n);
    }
    awaitRegistered();
  }

  private Properties common(int id, String voters) throws IOException {
    Path dir = Files.createDirectories(baseDir.resolve("node-" + id));
    Properties p = new Properties();
    p.put("node.id", String.valueOf(id));
    p.put("controller.quorum.voters", voters);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", Files.createDirectories(dir.resolve("data")).toString());
    p.put("metadata.log.dir", Files.createDirectories(dir.resolve("meta")).toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    // Small segments and indexes: every partition maps two index files.
    p.put("log.segment.bytes", String.valueOf(1024 * 1024));
    p.put("log.index.size.max.bytes", String.valueOf(64 * 1024));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    return p;
  }

  private Node launch(int id, Properties props, String heap) throws IOException {
    Path dir = baseDir.resolve("node-" + id);
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, null);
    }
    Path log = dir.resolve("node.log");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap,
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            KafkaNode.class.getName(),
            file.toString(),
            clusterId);
    pb.redirectError(log.toFile());
    return new Node(id, pb.start(), log);
  }

  private static void awaitReady(Node n) throws Exception {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(
                          n.process().getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("READY")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(
                  new IllegalStateException("node " + n.id() + " exited; see " + n.log()));
            },
            "node-" + n.id() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private void awaitRegistered() throws Exception {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + listenPorts.get(0));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(p)) {
      while (admin.describeCluster().nodes().get().size() < listenPorts.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("brokers did not register in time");
        }
        Thread.sleep(200);
      }
    }
  }

  /** Resident memory (kB) and open files of each broker process, from /proc. */
  List<long[]> brokerResources() {
    List<long[]> out = new ArrayList<>();
    for (Node n : brokers) {
      long pid = n.process().pid();
      long rss = -1;
      long fds = -1;
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("\\D+", ""));
          }
        }
        try (Stream<Path> fd = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
          fds = fd.count();
        }
      } catch (IOException | NumberFormatException e) {
        // Not Linux, or the process is gone: reported as -1.
      }
      out.add(new long[] {n.id(), rss, fds});
    }
    return out;
  }

  /** Brokers first, all at once (their shutdown talks to the controller), then the controller. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (Node n : brokers) {
      stopping.add(CompletableFuture.runAsync(() -> stop(n)));
    }
    stopping.forEach(CompletableFuture::join);
    if (controller != null) {
      stop(controller);
    }
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stop(Node n) {
    Process p = n.process();
    try {
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      p.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
