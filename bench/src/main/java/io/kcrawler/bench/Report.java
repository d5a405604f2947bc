package io.kcrawler.bench;

import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.schemaregistry.SchemaRegistryClient;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/** Writes {@code results.md} (tables and targets) and {@code chart.png} (time vs size). */
final class Report {
  private static final long PAYLOAD_LIMIT = 256 * 1024;
  private static final long HEAP_LIMIT_MB = 512;

  private Report() {}

  static void write(
      List<Bench.Run> runs,
      List<EndToEnd.Run> endToEnd,
      List<ChunkSweep.Point> chunks,
      HeapCappedWorker.Result capped,
      Path dir,
      List<NetworkProfile> profiles,
      Machine machine)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("results.md"),
        markdown(runs, capped, profiles)
            + endToEndTable(endToEnd)
            + chunkTable(chunks)
            + machine.markdown(Bench.COMMAND));
    chart(runs, dir.resolve("chart.png"));
  }

  /** The end-to-end crawls publishing to the Atlan contract server, with their targets. */
  static String endToEndTable(List<EndToEnd.Run> runs) {
    if (runs.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    md.append("\n## End to end: crawl through Temporal including publish to Atlan\n\n")
        .append("The crawl as above (levels mode when it runs) with the worker's catalog sink set")
        .append(" to `atlan`, publishing to the Atlan contract server, which answers each bulk")
        .append(" upsert in ")
        .append(Long.getLong("bench.atlan.serviceMs", 200))
        .append(" ms and adds the profile's round trip to every request (")
        .append(CatalogSinkConfig.DEFAULT_MAX_IN_FLIGHT)
        .append(" batches in flight, the default). Each repetition on a fresh Atlan connection:")
        .append(" a first crawl, a second crawl of the unchanged cluster, then a crawl after")
        .append(" `retention.ms` of every ")
        .append(EndToEnd.CHANGE_EVERY)
        .append("th topic changed. Medians of the repetitions; wall: from the start call to the")
        .append(" result at the client; until publish: from the start call until the publish")
        .append(" activity is scheduled (from the history); publish phase: as the workflow")
        .append(" recorded it. A sequence with a crawl that fetched less than the cluster holds")
        .append(" (a stalled broker) is left out and taken again on a fresh connection (counted")
        .append(" in the last column).\n\n")
        .append(
            "| topics | network | crawl | wall (s) | until publish (s) | publish phase (s) | bulk"
                + " upserts | assets sent | assets unchanged, not sent | samples (ms) | sequences"
                + " taken again |\n")
        .append("|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (EndToEnd.Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %d | %,d | %,d | %s | %d |\n",
              r.topics(),
              r.network(),
              r.scenario(),
              secs(r.millis()),
              secs(r.untilPublishMillis()),
              secs(r.publishMillis()),
              r.bulkUpserts(),
              r.assetsSent(),
              r.unchangedNotSent(),
              r.samples(),
              r.sequencesRetaken()));
    }
    List<String> unchanged = new ArrayList<>();
    boolean unchangedMet = true;
    List<String> changed = new ArrayList<>();
    boolean changedMet = true;
    for (EndToEnd.Run r : runs) {
      String where = r.topics() + " " + r.network() + ": ";
      if (r.scenario().equals(EndToEnd.UNCHANGED)) {
        unchangedMet &= r.assetsSent() == 0 && r.bulkUpserts() == 0;
        unchanged.add(where + r.assetsSent() + " sent, " + r.bulkUpserts() + " upserts");
      } else if (r.scenario().equals(EndToEnd.CHANGED)) {
        long expected = (r.topics() + EndToEnd.CHANGE_EVERY - 1) / EndToEnd.CHANGE_EVERY;
        changedMet &= r.assetsSent() >= expected && r.assetsSent() <= expected + 1;
        changed.add(where + r.assetsSent() + " sent (" + expected + " topics changed)");
      }
    }
    md.append("\n| target | measured | met |\n|---|---|---|\n");
    row(
        md,
        "second crawl of the unchanged cluster: 0 upserts",
        String.join("; ", unchanged),
        unchangedMet);
    row(
        md,
        "after 1% of topics changed: only those topics (and at most the cluster) sent",
        String.join("; ", changed),
        changedMet);
    return md.toString();
  }

  /** The chunk-size sweep: wall time of each batched call per chunk size and chunks in flight. */
  static String chunkTable(List<ChunkSweep.Point> points) {
    if (points.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder();
    md.append("\n## Chunk sizes (largest size; the whole call over every topic or group)\n\n")
        .append("Each cell: wall time in ms (number of Admin calls). \"in flight\": chunks sent")
        .append(" before the oldest one's answer is awaited.\n\n")
        .append("| call | network | in flight |");
    Map<String, Map<Integer, ChunkSweep.Point>> rows = new java.util.LinkedHashMap<>();
    for (ChunkSweep.Point p : points) {
      rows.computeIfAbsent(p.call() + "|" + p.network() + "|" + p.inFlight(), k -> new TreeMap<>())
          .put(p.chunk(), p);
    }
    Set<Integer> used = new TreeSet<>();
    rows.values().forEach(r -> used.addAll(r.keySet()));
    for (int c : used) {
      md.append(' ').append(c == Integer.MAX_VALUE ? "all in one" : String.valueOf(c)).append(" |");
    }
    md.append("\n|---|---|---:|");
    used.forEach(c -> md.append("---:|"));
    md.append('\n');
    rows.forEach(
        (key, byChunk) -> {
          String[] k = key.split("\\|");
          md.append("| ")
              .append(k[0])
              .append(" | ")
              .append(k[1])
              .append(" | ")
              .append(k[2])
              .append(" |");
          for (int c : used) {
            ChunkSweep.Point p = byChunk.get(c);
            md.append(p == null ? " |" : " " + p.millis() + " (" + p.requests() + ") |");
          }
          md.append('\n');
        });
    return md.toString();
  }

  private static Optional<Bench.Run> find(
      List<Bench.Run> runs, int topics, String network, String mode, String column) {
    return runs.stream()
        .filter(r -> r.topics() == topics && r.network().equals(network))
        .filter(r -> r.registry().equals(mode) && r.column().equals(column))
        .findFirst();
  }

  private static String secs(long millis) {
    return millis < 0 ? "–" : String.format(Locale.ROOT, "%.2f", millis / 1000.0);
  }

  /** The registry mode that the chart and the single-mode figures use: levels when it ran. */
  static String primaryMode(List<Bench.Run> runs) {
    return runs.stream().anyMatch(r -> r.registry().equals(Bench.LEVELS))
        ? Bench.LEVELS
        : Bench.BULK;
  }

  static String markdown(
      List<Bench.Run> runs, HeapCappedWorker.Result capped, List<NetworkProfile> profiles) {
    Set<Integer> sizes = new TreeSet<>();
    Set<String> networks = new LinkedHashSet<>();
    Set<String> modes = new LinkedHashSet<>();
    runs.forEach(
        r -> {
          sizes.add(r.topics());
          networks.add(r.network());
          modes.add(r.registry());
        });
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n")
        .append("One JVM (fixed, pre-touched heap), one run (`")
        .append(Bench.COMMAND)
        .append("`, settings and machine at the end), on a shared 2-core machine. At every size,")
        .append(" network and")
        .append(" registry mode, a and b first run untimed (")
        .append(Bench.warmups(Bench.BULK))
        .append(" times in bulk mode, ")
        .append(Bench.warmups(Bench.LEVELS))
        .append(" in levels mode: the broker's first touch of new topics, the JIT), then")
        .append(" alternate a, b, a, b (")
        .append(Bench.repeats(Bench.BULK))
        .append(" rounds in bulk mode, ")
        .append(Bench.repeats(Bench.LEVELS))
        .append(" in levels mode); each column reports its median and every sample. c runs once")
        .append(" (it is 5-50x slower, its noise cannot move c/a). Partitions: ")
        .append(SyntheticCluster.WIDE_PARTITIONS)
        .append(" on every ")
        .append(SyntheticCluster.WIDE_EVERY)
        .append("th topic, 1 on the others (the broker holds one file per partition and the")
        .append(" open-file limit here is 20,000); one consumer group with committed offsets per ")
        .append(SyntheticCluster.TOPICS_PER_GROUP)
        .append(" topics; one Avro subject per ")
        .append(SyntheticCluster.TOPICS_PER_SUBJECT)
        .append(" topics, every ")
        .append(SyntheticCluster.LEVEL_EVERY)
        .append("th with a compatibility level of its own. Network profiles (")
        .append(String.join(", ", profiles.stream().map(p -> p.name() + ": " + p.label()).toList()))
        .append("): a delaying proxy adds the profile's one-way delay in each direction in front")
        .append(" of the broker (its advertised listener) and of the registry; loopback runs go")
        .append(" through the same proxy with no delay, which counts Kafka requests by API")
        .append(" key.\n\n")
        .append("Registry modes: **levels** reads every subject's compatibility level (a crawl's")
        .append(" default; the registry has no bulk endpoint for them, so one GET per subject) at")
        .append(" the worker's default quota of ")
        .append((long) SchemaRegistryClient.DEFAULT_REQUESTS_PER_SECOND)
        .append(" requests/s, Confluent Cloud's documented limit (b and c keep to the same")
        .append(" quota); **bulk** turns levels off, which leaves the registry a few listing")
        .append(" calls, so the columns are bound by Kafka.\n\n")
        .append("- **a**: full crawl through Temporal's test server with `CrawlerWorker`")
        .append(" (all phases, including transform and file output)\n")
        .append("- **b**: floor, bare batched Admin and registry calls, independent ones in")
        .append(" parallel; no Temporal, no transform, no output\n")
        .append("- **c**: per-entity baseline, one describeConfigs per topic, one offsets")
        .append(" fetch per group, one registry GET per subject (and one for its level in levels")
        .append(" mode), sequentially\n");
    for (String mode : List.of(Bench.LEVELS, Bench.BULK)) {
      if (modes.contains(mode)) {
        md.append(table(runs, mode, sizes, networks));
      }
    }
    md.append(
        "\nHeap of a here is measured inside the bench JVM, shared with the broker, the registry"
            + " stand-in and Temporal: the most in use right after a collection during the crawl,"
            + " above the level after a GC at its start. The heap target is measured on the worker"
            + " jar alone in its own JVM capped at -Xmx"
            + HeapCappedWorker.HEAP_CAP_MB
            + "m (see Targets). Registry time: a's schemas phase, b's and c's registry part.\n");

    String primary = primaryMode(runs);
    md.append("\n## Kafka requests of the crawl (a, ").append(primary).append(") by API key\n\n");
    Set<String> apis = new TreeSet<>();
    runs.stream()
        .filter(r -> r.column().equals("a"))
        .forEach(r -> apis.addAll(r.kafkaRequests().keySet()));
    md.append("| topics | network | ").append(String.join(" | ", apis)).append(" |\n|---|---|");
    apis.forEach(x -> md.append("---:|"));
    md.append('\n');
    for (Bench.Run r : runs) {
      if (r.column().equals("a") && r.registry().equals(primary)) {
        md.append("| ").append(r.topics()).append(" | ").append(r.network()).append(" |");
        apis.forEach(
            api -> md.append(' ').append(r.kafkaRequests().getOrDefault(api, 0L)).append(" |"));
        md.append('\n');
      }
    }
    md.append(
            "\n## All runs\n\n| topics | network | registry | column | ms (median) | samples (ms) |"
                + " Kafka requests by API | registry calls | registry ms |")
        .append(
            " heap peak / after GC / base (MB) | incomplete samples taken again | fetched |\n"
                + "|---:|---|---|---|---:|---|---|---:|---:|---|---:|---|\n");
    for (Bench.Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %d | %s | %s | %d | %d | %d / %d / %d | %d | %s |\n",
              r.topics(),
              r.network(),
              r.registry(),
              r.column(),
              r.millis(),
              r.samples().toString(),
              r.kafkaRequests().toString().replace("|", "/"),
              r.registryCalls(),
              r.registryMillis(),
              r.heapPeakMb(),
              r.heapPeakAfterGcMb(),
              r.heapBaseMb(),
              r.retaken(),
              r.fetched()));
    }
    md.append(withoutPublish(runs, sizes, networks, modes));
    md.append(targets(runs, capped, sizes, networks, modes));
    return md.toString();
  }

  /** The summary table of one registry mode. */
  private static String table(
      List<Bench.Run> runs, String mode, Set<Integer> sizes, Set<String> networks) {
    StringBuilder md = new StringBuilder();
    md.append(
            mode.equals(Bench.LEVELS)
                ? "\n## Registry mode levels: per-subject compatibility levels at "
                    + (long) SchemaRegistryClient.DEFAULT_REQUESTS_PER_SECOND
                    + " requests/s\n\n"
                : "\n## Registry mode bulk: compatibility levels off (Kafka-bound)\n\n")
        .append(
            "| topics | partitions | groups | subjects | network | a (s) | a until publish (s) | b"
                + " (s) | c (s) | a/b | a until publish / b | c/a | Kafka requests a / b / c |"
                + " registry calls a / b / c | registry time a / b / c (s) | registry rate a"
                + " (calls/s) | heap a: live after GC, MB above base | largest payload (B) |\n")
        .append(
            "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|"
                + "---:|\n");
    for (int size : sizes) {
      for (String network : networks) {
        Optional<Bench.Run> a = find(runs, size, network, mode, "a");
        Optional<Bench.Run> b = find(runs, size, network, mode, "b");
        Optional<Bench.Run> c = find(runs, size, network, mode, "c");
        if (a.isEmpty() || b.isEmpty()) {
          continue;
        }
        long cMillis = c.map(Bench.Run::millis).orElse(-1L);
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %d | %d | %s | %s | %s | %s | %s | %.2f | %.2f | %s | %d / %d / %s | %d"
                    + " / %d / %s | %s / %s / %s | %s | %d | %d |\n",
                size,
                SyntheticCluster.partitionsOf(size),
                size / SyntheticCluster.TOPICS_PER_GROUP,
                size / SyntheticCluster.TOPICS_PER_SUBJECT,
                network,
                secs(a.get().millis()),
                secs(a.get().untilPublishMillis()),
                secs(b.get().millis()),
                secs(cMillis),
                (double) a.get().millis() / b.get().millis(),
                (double) a.get().untilPublishMillis() / b.get().millis(),
                cMillis < 0
                    ? "–"
                    : String.format(Locale.ROOT, "%.1f", (double) cMillis / a.get().millis()),
                a.get().kafkaTotal(),
                b.get().kafkaTotal(),
                c.map(r -> String.valueOf(r.kafkaTotal())).orElse("–"),
                a.get().registryCalls(),
                b.get().registryCalls(),
                c.map(r -> String.valueOf(r.registryCalls())).orElse("–"),
                secs(a.get().registryMillis()),
                secs(b.get().registryMillis()),
                secs(c.map(Bench.Run::registryMillis).orElse(-1L)),
                mode.equals(Bench.LEVELS) ? String.format(Locale.ROOT, "%.1f", rate(a.get())) : "–",
                a.get().heapPeakAfterGcMb() - a.get().heapBaseMb(),
                a.get().largestPayloadBytes()));
      }
    }
    return md.toString();
  }

  /** Sizes from which the crawl without publish must stay within 1.5 × the floor. */
  static final int WITHOUT_PUBLISH_FROM = 10_000;

  /**
   * The crawl without publish against the floor, and where the crawl's time goes before publish,
   * from its history.
   */
  private static String withoutPublish(
      List<Bench.Run> runs, Set<Integer> sizes, Set<String> networks, Set<String> modes) {
    StringBuilder md = new StringBuilder();
    md.append("\n## The crawl without publish against the floor\n\n")
        .append("b does no publish, a does (transform and file output). **a until publish** is")
        .append(" the same crawl without it: the wall time from the client's start call until the")
        .append(" workflow schedules the publish activity, read from the crawl's history (the test")
        .append(" server runs without time skipping, so event times are this JVM's wall clock).")
        .append(" It holds everything a crawl does before publish: the start call, every workflow")
        .append(" task, every dispatch, preflight, topics and the parallel phases; publish, the")
        .append(" Admin client release beside it and the result's return to the client are left")
        .append(" out. The request has no switch that skips publish, so this is read from the")
        .append(" same runs as a, not from separate ones. Median of each column's samples.\n\n")
        .append(
            "| topics | network | registry | a until publish (s) | b (s) | a until publish / b |"
                + " a until publish, samples (ms) | b, samples (ms) |\n")
        .append("|---:|---|---|---:|---:|---:|---|---|\n");
    for (String mode : modes) {
      for (int size : sizes) {
        for (String network : networks) {
          var a = find(runs, size, network, mode, "a");
          var b = find(runs, size, network, mode, "b");
          if (a.isEmpty() || b.isEmpty() || a.get().untilPublishMillis() < 0) {
            continue;
          }
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %s | %s | %s | %s | %.2f | %s | %s |\n",
                  size,
                  network,
                  mode,
                  secs(a.get().untilPublishMillis()),
                  secs(b.get().millis()),
                  (double) a.get().untilPublishMillis() / b.get().millis(),
                  a.get().untilPublishSamples(),
                  b.get().samples()));
        }
      }
    }
    String mode = modes.contains(Bench.BULK) ? Bench.BULK : Bench.LEVELS;
    int min = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
    md.append("\n### Where a crawl's time goes before publish (")
        .append(mode)
        .append(" mode)\n\n")
        .append("From the history of the run with the median time until publish. Each instant")
        .append(" between the start call and publish being scheduled counts once, for the first")
        .append(" of: a Kafka or registry activity running (preflight, topics, the parallel")
        .append(" phases), a workflow task running on the worker, a workflow or activity task")
        .append(" waiting to be picked up (dispatch: schedule-to-start), the start call (before")
        .append(" the workflow exists), other (gaps between events). The parts add up to a until")
        .append(" publish. **Fixed** is what does not depend on the cluster's size: start call +")
        .append(" dispatch + workflow tasks + preflight + other; **work** is topics + parallel")
        .append(" phases, the part b does too.\n\n")
        .append("| topics | network | a until publish (ms) | b (ms) | a until publish − b (ms) |");
    CrawlTimeline.PARTS.forEach(p -> md.append(' ').append(p).append(" (ms) |"));
    md.append(
        " fixed (ms) | work (ms) | workflow tasks before publish |\n|---:|---|---:|---:|---:|");
    CrawlTimeline.PARTS.forEach(p -> md.append("---:|"));
    md.append("---:|---:|---:|\n");
    Map<String, Long> fixedAtMin = new java.util.LinkedHashMap<>();
    for (int size : sizes) {
      for (String network : networks) {
        var a = find(runs, size, network, mode, "a");
        var b = find(runs, size, network, mode, "b");
        if (a.isEmpty() || b.isEmpty() || a.get().timeline() == null) {
          continue;
        }
        CrawlTimeline t = a.get().timeline();
        Map<String, Long> p = t.parts();
        long fixed =
            p.get(CrawlTimeline.START)
                + p.get(CrawlTimeline.DISPATCH)
                + p.get(CrawlTimeline.WORKFLOW_TASKS)
                + p.get(CrawlTimeline.PREFLIGHT)
                + p.get(CrawlTimeline.OTHER);
        long work = p.get(CrawlTimeline.TOPICS) + p.get(CrawlTimeline.PARALLEL);
        if (size == min) {
          fixedAtMin.put(network, fixed);
        }
        md.append("| ")
            .append(size)
            .append(" | ")
            .append(network)
            .append(" | ")
            .append(t.untilPublishMillis())
            .append(" | ")
            .append(b.get().millis())
            .append(" | ")
            .append(t.untilPublishMillis() - b.get().millis())
            .append(" |");
        CrawlTimeline.PARTS.forEach(x -> md.append(' ').append(p.get(x)).append(" |"));
        md.append(' ')
            .append(fixed)
            .append(" | ")
            .append(work)
            .append(" | ")
            .append(t.workflowTasks())
            .append(" |\n");
      }
    }
    if (!fixedAtMin.isEmpty()) {
      md.append("\nFixed cost per crawl at ").append(min).append(" topics: ");
      md.append(
          String.join(
              "; ",
              fixedAtMin.entrySet().stream()
                  .map(e -> e.getKey() + " " + e.getValue() + " ms")
                  .toList()));
      md.append(".\n");
    }
    return md.toString();
  }

  /** Registry calls per second of a's schemas phase. */
  private static double rate(Bench.Run a) {
    return a.registryMillis() <= 0 ? 0 : a.registryCalls() * 1000.0 / a.registryMillis();
  }

  private static String targets(
      List<Bench.Run> runs,
      HeapCappedWorker.Result capped,
      Set<Integer> sizes,
      Set<String> networks,
      Set<String> modes) {
    StringBuilder t =
        new StringBuilder("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    for (String mode : modes) {
      List<String> ab = new ArrayList<>();
      boolean abMet = true;
      for (int size : sizes) {
        for (String network : networks) {
          var a = find(runs, size, network, mode, "a");
          var b = find(runs, size, network, mode, "b");
          if (a.isPresent() && b.isPresent()) {
            double ratio = (double) a.get().millis() / b.get().millis();
            abMet &= ratio <= 1.5;
            ab.add(String.format(Locale.ROOT, "%d %s: %.2f", size, network, ratio));
          }
        }
      }
      row(
          t,
          "a ≤ 1.5 × b at every size and network (" + mode + ", a with publish)",
          String.join("; ", ab),
          abMet);
    }
    for (String mode : modes) {
      List<String> ab = new ArrayList<>();
      boolean abMet = true;
      for (int size : sizes) {
        for (String network : networks) {
          var a = find(runs, size, network, mode, "a");
          var b = find(runs, size, network, mode, "b");
          if (size >= WITHOUT_PUBLISH_FROM
              && a.isPresent()
              && b.isPresent()
              && a.get().untilPublishMillis() >= 0) {
            double ratio = (double) a.get().untilPublishMillis() / b.get().millis();
            abMet &= ratio <= 1.5;
            ab.add(String.format(Locale.ROOT, "%d %s: %.2f", size, network, ratio));
          }
        }
      }
      if (!ab.isEmpty()) {
        row(
            t,
            "a until publish ≤ 1.5 × b at ≥ "
                + WITHOUT_PUBLISH_FROM
                + " topics on every network profile ("
                + mode
                + ", both without publish)",
            String.join("; ", ab),
            abMet);
      }
    }
    String primary = primaryMode(runs);
    int max = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    int min = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
    // The first profile with latency: the others are reported beside it below.
    String latency = networks.stream().filter(n -> !n.equals("loopback")).findFirst().orElse("");
    var a10 = find(runs, max, latency, primary, "a");
    List<String> ca = new ArrayList<>();
    boolean caMet = true;
    for (String network : networks) {
      var a = find(runs, max, network, primary, "a");
      var c = find(runs, max, network, primary, "c");
      if (!network.equals("loopback") && a.isPresent() && c.isPresent()) {
        double ratio = (double) c.get().millis() / a.get().millis();
        caMet &= ratio >= 10;
        ca.add(String.format(Locale.ROOT, "%s: %.1f", network, ratio));
      }
    }
    if (!ca.isEmpty()) {
      row(
          t,
          "c / a ≥ 10 at " + max + " topics with latency (" + primary + ")",
          String.join("; ", ca),
          caMet);
    }
    var aSmall = find(runs, min, latency, primary, "a");
    if (a10.isPresent() && aSmall.isPresent()) {
      double grow = (double) a10.get().kafkaTotal() / aSmall.get().kafkaTotal();
      row(
          t,
          "Kafka requests grow with batches/brokers, not topics/groups",
          String.format(
              Locale.ROOT,
              "%d → %d requests for %d → %d topics (×%.1f for ×%d)",
              aSmall.get().kafkaTotal(),
              a10.get().kafkaTotal(),
              min,
              max,
              grow,
              max / Math.max(1, min)),
          grow < (double) max / min / 2);
    }
    for (String mode : modes) {
      List<String> reg = new ArrayList<>();
      boolean regMet = true;
      boolean levels = mode.equals(Bench.LEVELS);
      for (Bench.Run r : runs) {
        if (r.column().equals("a") && r.registry().equals(mode)) {
          long subjects = r.topics() / SyntheticCluster.TOPICS_PER_SUBJECT;
          long bound = 5 + (subjects + 999) / 1000 + (levels ? subjects : 0);
          regMet &= r.registryCalls() <= bound;
          reg.add(r.topics() + " " + r.network() + ": " + r.registryCalls() + " (≤ " + bound + ")");
        }
      }
      row(
          t,
          levels
              ? "registry calls ≤ 5 + ⌈subjects/1000⌉ + subjects (levels: one per subject)"
              : "registry calls ≤ 5 + ⌈subjects/1000⌉ (compatibility calls off)",
          String.join("; ", reg),
          regMet);
      if (levels) {
        List<String> rates = new ArrayList<>();
        boolean rateMet = true;
        for (Bench.Run r : runs) {
          if (r.column().equals("a") && r.registry().equals(mode)) {
            double rate = rate(r);
            // The limiter spaces calls evenly from the first; +1 call of slack for the edges.
            rateMet &=
                r.registryCalls() - 1
                    <= SchemaRegistryClient.DEFAULT_REQUESTS_PER_SECOND
                        * r.registryMillis()
                        / 1000.0;
            rates.add(String.format(Locale.ROOT, "%d %s: %.1f/s", r.topics(), r.network(), rate));
          }
        }
        row(
            t,
            "crawl keeps to the registry quota ("
                + (long) SchemaRegistryClient.DEFAULT_REQUESTS_PER_SECOND
                + " requests/s over its schemas phase)",
            String.join("; ", rates),
            rateMet);
      }
    }
    if (capped != null) {
      row(
          t,
          "worker heap ≤ " + HEAP_LIMIT_MB + " MB at " + max + " topics",
          "the worker jar in its own JVM with -Xmx"
              + HeapCappedWorker.HEAP_CAP_MB
              + "m ran "
              + capped.crawls()
              + " crawls "
              + capped.crawlMillis()
              + " ms; GC log: at most "
              + capped.peakBeforeGcMb()
              + " MB in use before a collection, at most "
              + capped.peakAfterGcMb()
              + " MB live after one ("
              + capped.gcs()
              + " collections)",
          capped.peakBeforeGcMb() <= HEAP_LIMIT_MB);
    } else if (a10.isPresent()) {
      long peak = a10.get().heapPeakAfterGcMb() - a10.get().heapBaseMb();
      long sampled = a10.get().heapPeakMb() - a10.get().heapBaseMb();
      row(
          t,
          "worker heap ≤ " + HEAP_LIMIT_MB + " MB at " + max + " topics",
          peak + " MB after GC, " + sampled + " MB sampled (incl. garbage), above the base",
          peak <= HEAP_LIMIT_MB);
    }
    int largest =
        runs.stream()
            .filter(r -> r.column().equals("a"))
            .mapToInt(Bench.Run::largestPayloadBytes)
            .max()
            .orElse(0);
    row(t, "largest payload < 256 KB at every size", largest + " B", largest < PAYLOAD_LIMIT);
    Map<String, String> growth = new TreeMap<>();
    boolean linear = true;
    for (String network : networks) {
      var lo = find(runs, min, network, primary, "a");
      var hi = find(runs, max, network, primary, "a");
      if (lo.isPresent() && hi.isPresent()) {
        double g = (double) hi.get().millis() / lo.get().millis();
        linear &= g <= (double) max / min;
        growth.put(network, String.format(Locale.ROOT, "×%.1f", g));
      }
    }
    row(
        t,
        "cost "
            + min
            + " → "
            + max
            + " topics linear or better (a, "
            + primary
            + ", ×"
            + max / Math.max(1, min)
            + " topics)",
        growth.toString(),
        linear);
    return t.toString();
  }

  private static void row(StringBuilder t, String target, String measured, boolean met) {
    t.append("| ")
        .append(target)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(met ? "yes" : "**no**")
        .append(" |\n");
  }

  static void chart(List<Bench.Run> runs, Path file) throws IOException {
    String mode = primaryMode(runs);
    Set<String> networks = new LinkedHashSet<>();
    runs.forEach(r -> networks.add(r.network()));
    int panelW = 520;
    int h = 420;
    BufferedImage img =
        new BufferedImage(panelW * Math.max(1, networks.size()), h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), h);
    int maxSize = runs.stream().mapToInt(Bench.Run::topics).max().orElse(1);
    // Log scale: c is 10-50x a at the large sizes, and a and b must stay readable next to it.
    double maxSecs = runs.stream().mapToLong(Bench.Run::millis).max().orElse(1000) / 1000.0;
    double minSecs = runs.stream().mapToLong(Bench.Run::millis).min().orElse(100) / 1000.0;
    double logLo = Math.floor(Math.log10(Math.max(minSecs, 0.01)));
    double logHi = Math.max(logLo + 1, Math.ceil(Math.log10(Math.max(maxSecs, 0.01))));
    Map<String, Color> colors =
        Map.of("a", new Color(0x1f77b4), "b", new Color(0x2ca02c), "c", new Color(0xd62728));
    Map<String, String> labels =
        Map.of("a", "a: crawl via Temporal", "b", "b: batched floor", "c", "c: per-entity");
    int panel = 0;
    for (String network : networks) {
      int x0 = panel * panelW + 60;
      int y0 = h - 50;
      int w = panelW - 90;
      int ph = h - 100;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString("Wall time vs topics — " + network + " (" + mode + ")", x0, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawLine(x0, y0, x0 + w, y0);
      g.drawLine(x0, y0, x0, y0 - ph);
      for (double e = logLo; e <= logHi; e++) {
        int y = y0 - (int) (ph * (e - logLo) / (logHi - logLo));
        g.setColor(new Color(0xdddddd));
        g.drawLine(x0 + 1, y, x0 + w, y);
        g.setColor(Color.BLACK);
        double secs = Math.pow(10, e);
        g.drawString(
            secs < 1
                ? String.format(Locale.ROOT, "%.1f s", secs)
                : String.format(Locale.ROOT, "%.0f s", secs),
            x0 - 45,
            y + 4);
      }
      g.drawString("(log scale)", x0 - 55, y0 - ph - 10);
      Set<Integer> sizes = new TreeSet<>();
      runs.forEach(r -> sizes.add(r.topics()));
      for (int s : sizes) {
        int x = x0 + (int) ((long) w * s / maxSize);
        g.drawLine(x, y0, x, y0 + 4);
        g.drawString(String.valueOf(s), x - 14, y0 + 18);
      }
      g.drawString("topics", x0 + w / 2 - 15, y0 + 36);
      int legend = 0;
      for (String column : List.of("a", "b", "c")) {
        g.setColor(colors.get(column));
        g.setStroke(new BasicStroke(2.5f));
        int px = -1;
        int py = -1;
        for (int s : sizes) {
          Optional<Bench.Run> r = find(runs, s, network, mode, column);
          if (r.isEmpty()) {
            continue;
          }
          int x = x0 + (int) ((long) w * s / maxSize);
          double secs = Math.max(r.get().millis() / 1000.0, Math.pow(10, logLo));
          int y = y0 - (int) (ph * (Math.log10(secs) - logLo) / (logHi - logLo));
          g.fillOval(x - 4, y - 4, 8, 8);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
        g.drawLine(x0 + 10, 45 + legend * 16, x0 + 30, 45 + legend * 16);
        g.setColor(Color.BLACK);
        g.drawString(labels.get(column), x0 + 36, 49 + legend * 16);
        legend++;
      }
      panel++;
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }
}
