package io.kcrawler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.catalog.CatalogPublishActivitiesImpl;
import io.kcrawler.activities.catalog.CatalogSinkConfig;
import io.kcrawler.activities.export.PublishActivitiesImpl;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.PreflightResult;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The publish phase alone, repeated on the raw artifacts of one earlier crawl (a crawl's output
 * directory: its JSON Lines files and {@code crawl-summary.json}), so publish can be timed and
 * profiled without a cluster. Each round is a new crawl of the same connection (new run id): the
 * first is a first crawl, the others diff against the previous manifest, as repeated crawls do.
 *
 * <pre>
 * mvn -B -Pbench -pl bench -am package exec:exec -DskipTests \
 *     -Dbench.main=io.kcrawler.bench.PublishOnly -Dbench.source=&lt;crawl output dir&gt; -Dbench.repeats=40
 * </pre>
 *
 * The bench's own crawls leave such directories under {@code kcrawler-bench-*&#47;output} in the
 * temporary directory. The first rounds are slow (class loading, then the JIT): the median is of
 * the rounds after the first two, and at 1k topics the JIT needs ~20 rounds to settle.
 */
public final class PublishOnly {
  private PublishOnly() {}

  public static void main(String[] args) throws Exception {
    String dir = args.length > 0 ? args[0] : System.getProperty("bench.source", "");
    if (dir.isBlank()) {
      throw new IllegalArgumentException(
          "-Dbench.source=<a crawl's output directory, with crawl-summary.json> is required");
    }
    Path source = Path.of(dir);
    int rounds =
        args.length > 1 ? Integer.parseInt(args[1]) : Integer.getInteger("bench.repeats", 10);
    ObjectMapper mapper = Json.mapper();
    JsonNode summary = mapper.readTree(source.resolve("crawl-summary.json").toFile());
    PreflightResult cluster = mapper.treeToValue(summary.get("cluster"), PreflightResult.class);
    List<PhaseSummary> phases =
        Arrays.asList(mapper.treeToValue(summary.get("phases"), PhaseSummary[].class));
    Path work = Files.createTempDirectory("kcrawler-publish-only-");
    LocalArtifactStore store = new LocalArtifactStore(work.resolve("artifacts"));
    CatalogPublishActivities publish =
        new PublishActivitiesImpl(
            store,
            mapper,
            CatalogPublishActivitiesImpl.fromConfig(
                store, CatalogSinkConfig.file(), new EnvFileSecretResolver(), mapper),
            work.resolve("output"));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(publish);
    CatalogPublishActivities stub = env.newActivityStub(CatalogPublishActivities.class);
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      String runId = "run-" + round;
      String prefix = "connections/publish-only/runs/" + runId;
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      try (Stream<Path> files = Files.list(source)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = f.getFileName().toString();
          JsonNode records = summary.get("records").get(name);
          if (records == null) {
            continue;
          }
          Path target = work.resolve("artifacts").resolve(prefix).resolve(name);
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
          artifacts.put(
              name, new ArtifactRef(prefix + "/" + name, records.asLong(), Files.size(target)));
        }
      }
      CrawlContext context =
          new CrawlContext(
              "publish-only",
              runId,
              CrawlRequest.of("publish-only", "127.0.0.1:9092")
                  .withOutputLocation(work.resolve("output").toString()),
              prefix);
      long start = System.nanoTime();
      PhaseResult result = stub.publish(new PublishRequest(context, cluster, artifacts, phases));
      long ms = (System.nanoTime() - start) / 1_000_000;
      millis.add(ms);
      System.out.printf("round %d: %d ms %s%n", round, ms, result.counts());
    }
    List<Long> warm = new ArrayList<>(millis.subList(Math.min(2, millis.size()), millis.size()));
    warm.sort(null);
    System.out.printf(
        "publish of %s: median %d ms over %d rounds after 2 (all: %s)%n",
        source, warm.isEmpty() ? -1 : warm.get(warm.size() / 2), warm.size(), millis);
    env.close();
    // Non-daemon threads of the test environment outlive close(); the JVM would not exit.
    System.exit(0);
  }
}
