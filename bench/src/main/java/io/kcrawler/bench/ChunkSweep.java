package io.kcrawler.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Measures the batched Admin calls at several chunk sizes, one chunk at a time and with a few
 * chunks in flight, so the crawler's batch constants come from data rather than guesses: the whole
 * describeConfigs of every topic and listConsumerGroupOffsets of every group, per setting.
 */
final class ChunkSweep {
  /** One setting's wall time. */
  record Point(String call, String network, int chunk, int inFlight, long millis, int requests) {}

  static final List<Integer> CONFIG_CHUNKS = List.of(100, 250, 500, 1000, 2500, Integer.MAX_VALUE);
  static final List<Integer> GROUP_CHUNKS = List.of(50, 100, 250, 500, 1000, Integer.MAX_VALUE);
  static final List<Integer> IN_FLIGHT = List.of(1, 4);

  private final Properties client;

  ChunkSweep(Properties client) {
    this.client = client;
  }

  List<Point> run(String network) throws Exception {
    List<Point> points = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      List<ConfigResource> topics =
          admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
              .sorted()
              .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
              .toList();
      List<String> groups =
          admin.listGroups(new ListGroupsOptions()).all().get().stream()
              .map(GroupListing::groupId)
              .sorted()
              .toList();
      // Warm the broker's and the client's code paths once before timing anything.
      chunked(topics, 1000, 1, c -> describeConfigs(admin, c));
      for (int inFlight : IN_FLIGHT) {
        for (int chunk : CONFIG_CHUNKS) {
          long t0 = System.nanoTime();
          int requests = chunked(topics, chunk, inFlight, c -> describeConfigs(admin, c));
          points.add(point("describeConfigs", network, chunk, inFlight, t0, requests));
        }
        for (int chunk : GROUP_CHUNKS) {
          long t0 = System.nanoTime();
          int requests = chunked(groups, chunk, inFlight, c -> groupOffsets(admin, c));
          points.add(point("listConsumerGroupOffsets", network, chunk, inFlight, t0, requests));
        }
      }
    }
    points.forEach(
        p ->
            System.out.printf(
                "chunks %-25s %-16s chunk %6s in flight %d: %6d ms (%d calls)%n",
                p.call(),
                p.network(),
                p.chunk() == Integer.MAX_VALUE ? "all" : String.valueOf(p.chunk()),
                p.inFlight(),
                p.millis(),
                p.requests()));
    return points;
  }

  private static Point point(
      String call, String network, int chunk, int inFlight, long t0, int requests) {
    return new Point(
        call, network, chunk, inFlight, (System.nanoTime() - t0) / 1_000_000, requests);
  }

  private static KafkaFuture<?> describeConfigs(Admin admin, List<ConfigResource> chunk) {
    return admin.describeConfigs(chunk, new DescribeConfigsOptions().includeSynonyms(false)).all();
  }

  private static KafkaFuture<?> groupOffsets(Admin admin, List<String> chunk) {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
    chunk.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    return admin.listConsumerGroupOffsets(specs).all();
  }

  /** Runs every chunk with at most {@code inFlight} outstanding; returns the number of calls. */
  private static <T> int chunked(
      List<T> all, int chunk, int inFlight, Function<List<T>, KafkaFuture<?>> call)
      throws InterruptedException, ExecutionException {
    Deque<KafkaFuture<?>> pending = new ArrayDeque<>();
    int calls = 0;
    for (int from = 0; from < all.size(); from += chunk) {
      if (pending.size() == inFlight) {
        pending.removeFirst().get();
      }
      pending.addLast(
          call.apply(all.subList(from, (int) Math.min(all.size(), (long) from + chunk))));
      calls++;
    }
    while (!pending.isEmpty()) {
      pending.removeFirst().get();
    }
    return calls;
  }
}
