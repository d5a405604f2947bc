package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kcrawler.activities.artifacts.ArtifactIo;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.CatalogSink.StaleAsset;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one crawl: reads the catalog's types and makes sure the Connection exists, streams the
 * transformer's assets into numbered batches for the sink ({@link BatchPipeline}), classifies each
 * against the previous manifest (an incremental sink is sent only what changed), archives what is
 * gone, writes the change report (with the {@link RiskAnalyzer}'s findings, computed beside the
 * publish from the same artifacts) and, only when all of that succeeded, makes this crawl's
 * manifest and risk state the connection's current ones.
 *
 * <p>Batches are numbered upserts first, then archives, in an order that depends only on the
 * artifacts and the previous manifest, so a retry recomputes the same batches and a resumable sink
 * skips those the heartbeat says were completed.
 */
final class CatalogPublisher {
  private static final Logger log = LoggerFactory.getLogger(CatalogPublisher.class);

  static final String MANIFEST = "catalog-manifest.jsonl";
  static final String DELETIONS = "catalog-deletions.jsonl";
  static final String CHANGE_REPORT_MD = "change-report.md";
  static final String CHANGE_REPORT_JSON = "change-report.json";
  static final String RISK_STATE = RiskState.RUN_FILE;

  /** An asset with the hashes of its JSON and of its facts, on its way to the consumer. */
  private record Hashed(
      CatalogSink.SerializedAsset asset, Map<String, Object> facts, long hash, long factsHash) {
    AtlanEntity entity() {
      return asset.entity();
    }
  }

  /** What a publish did. */
  record Outcome(
      Map<String, Long> counts,
      Map<String, ArtifactRef> artifacts,
      ChangeReport report,
      List<String> warnings,
      List<String> notes,
      int batches) {}

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final CatalogSinkConfig.ConnectionAdmins admins;

  CatalogPublisher(
      ArtifactStore store, ObjectMapper mapper, CatalogSinkConfig.ConnectionAdmins admins) {
    this.store = store;
    this.mapper = mapper;
    this.admins = admins;
  }

  Outcome publish(
      PublishRequest request,
      ConnectionQualifiedNames.Resolved connection,
      CatalogSink sink,
      ProgressDetails resumeFrom,
      BatchPipeline.Progress progress)
      throws IOException {
    Run run = new Run(request, connection.qualifiedName(), sink);
    run.prepare(connection.pinned());
    int skip = sink.resumable() && resumeFrom != null ? resumeFrom.completedBatches() : 0;
    List<Integer> skipAhead =
        sink.resumable() && resumeFrom != null ? resumeFrom.completedAheadOrEmpty() : List.of();
    if (skip > 0) {
      log.info("publish of {} resumes after batch {}", run.connectionId, skip);
    }
    try (BatchPipeline batcher =
            new BatchPipeline(sink, sink.maxInFlight(), skip, skipAhead, progress);
        JsonLines.Writer<CatalogManifest.Entry> manifest =
            JsonLines.writer(store, run.manifestKey, mapper)) {
      run.upsertAll(batcher, manifest);
      List<String> notCrawled = run.carryOverNotCrawled(manifest);
      ArtifactRef manifestRef = manifest.finish();
      ArtifactRef deletionsRef = run.archiveStale(batcher);
      ArtifactIo.await(run.riskRun);
      if (run.riskWarning != null) {
        run.warnings.add(run.riskWarning);
      }
      ChangeReport report =
          run.tracker.report(
              run.risk == null ? null : run.risk.report(),
              run.transformer.orphanGroups(),
              notCrawled,
              run.warnings);
      Map<String, ArtifactRef> artifacts = run.writeReports(report, manifestRef, deletionsRef);
      if (run.risk != null) {
        artifacts.put(RISK_STATE, run.risk.state());
      }
      sink.close();
      // Only now, with everything sent: this crawl's manifest and risk state become the ones the
      // next crawl compares to.
      CatalogManifest.promote(store, run.manifestKey, run.connectionId, run.target, mapper);
      if (run.risk != null) {
        RiskState.promote(store, run.risk.state().key(), run.connectionId);
      }
      return new Outcome(
          run.counts(batcher),
          artifacts,
          report,
          run.warnings,
          run.transformer.notes(),
          batcher.batches());
    }
  }

  /** The state of one publish, and its steps in order. */
  private final class Run {
    final PublishRequest request;
    final CrawlContext ctx;
    final String connectionId;
    final String connectionQn;
    final CatalogSink sink;
    final String manifestKey;
    final List<String> warnings = new ArrayList<>();
    final Map<String, Long> assetsPerType = new LinkedHashMap<>();
    final Map<String, CatalogManifest.Previous> previous = new HashMap<>();
    final boolean firstCrawl;
    final ChangeTracker tracker;
    final CatalogManifest.PublishedTo target;
    CompletableFuture<Void> previousRead;
    CompletableFuture<Void> riskRun;
    RiskAnalyzer.Result risk;
    String riskWarning;
    AtlanAssetTransformer transformer;
    boolean incremental;
    long unchangedNotSent;

    Run(PublishRequest request, String connectionQn, CatalogSink sink) throws IOException {
      this.ctx = request.context();
      this.connectionId = ctx.connectionId();
      this.connectionQn = connectionQn;
      this.sink = sink;
      this.manifestKey = ctx.artifactKey(MANIFEST);
      this.firstCrawl = !CatalogManifest.exists(store, connectionId);
      this.tracker = new ChangeTracker(connectionQn, firstCrawl);
      this.target = new CatalogManifest.PublishedTo(connectionQn, sink.location());
      this.request = request;
    }

    /**
     * Before anything is sent: which of our types and attributes the tenant has, and the Connection
     * every asset hangs off (created first, or checked when it was named to us). Starts reading the
     * previous manifest, which does not depend on this crawl's artifacts.
     */
    void prepare(boolean connectionPinned) throws IOException {
      TenantTypes tenant = sink.tenantTypes(AtlanModel.typeNames());
      AtlanEntity connectionAsset =
          tenant.fit(ConnectionMapper.map(connectionQn, ctx.request().displayName(), admins));
      if (connectionAsset != null) {
        sink.ensureConnection(connectionAsset, connectionPinned);
      }
      previousRead =
          ArtifactIo.start(() -> CatalogManifest.loadIndex(store, connectionId, mapper, previous));
      // The risk rules read the artifacts and their own state, nothing of the publish: side by
      // side.
      riskRun = ArtifactIo.start(this::analyzeRisk);
      // Unchanged assets are left out only when the catalog holds what the previous manifest says:
      // same connection, same catalog, and a sink that keeps what it was sent.
      incremental =
          sink.incremental()
              && !firstCrawl
              && !ctx.request().fullPublishRequested()
              && target.equals(CatalogManifest.publishedTo(store, connectionId, mapper));
      transformer = new AtlanAssetTransformer(store, mapper, request, connectionQn, tenant);
    }

    /**
     * The risk rules' findings; a defect in them (not a failure to read or write the store) costs
     * the risk part of the report, with a warning, never the catalog publish: the risk state is
     * then not promoted, and the next crawl compares against the last good one.
     */
    private void analyzeRisk() throws IOException {
      try {
        risk =
            new RiskAnalyzer(store, mapper, ctx.request().changeReportOrDefault())
                .analyze(request, ctx.artifactKey(RISK_STATE));
      } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
        // A defect, or a risk state no reader can parse: retrying would fail the same way.
        log.warn("risk rules of {} failed; the change report has no risk part", connectionId, e);
        riskWarning = "risk rules not checked, the change report has no risk part: " + e;
      }
    }

    /**
     * Two stages on two threads, in order: this thread reads the artifacts, builds and hashes each
     * asset (serialization is most of the CPU); the consumer tracks changes and writes the manifest
     * and the sink.
     */
    void upsertAll(BatchPipeline batcher, JsonLines.Writer<CatalogManifest.Entry> manifest)
        throws IOException {
      CatalogManifest.Hasher hasher = new CatalogManifest.Hasher(mapper);
      boolean[] previousReady = {false};
      try (OrderedHandoff<Hashed> consumer =
          new OrderedHandoff<>(
              "kcrawler-publish-" + connectionId, h -> consume(h, batcher, manifest))) {
        ObjectWriter compact = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
        transformer.transform(
            (entity, facts) -> {
              if (!previousReady[0]) {
                // Before the consumer sees an asset: the queue orders the map's writes before it.
                ArtifactIo.await(previousRead);
                previousReady[0] = true;
              }
              byte[] json = compact.writeValueAsBytes(entity);
              consumer.put(
                  new Hashed(
                      new CatalogSink.SerializedAsset(entity, json),
                      facts,
                      hasher.hashBytes(json),
                      hasher.hash(facts)));
            });
        ArtifactIo.await(previousRead); // also when the crawl had no asset at all
        consumer.finish();
      }
      batcher.flushUpserts();
      warnings.addAll(0, transformer.warnings());
    }

    /** The consumer stage: one asset against the previous manifest, into the manifest and sink. */
    private void consume(
        Hashed h, BatchPipeline batcher, JsonLines.Writer<CatalogManifest.Entry> manifest)
        throws IOException {
      AtlanEntity entity = h.entity();
      String qn = entity.qualifiedName();
      CatalogManifest.Previous prev = previous.get(qn);
      if (prev != null && prev.seen) {
        warnings.add("duplicate asset " + entity.typeName() + " " + qn + " skipped");
        return;
      }
      ChangeTracker.Change change =
          tracker.record(entity, h.hash(), h.facts(), h.factsHash(), prev);
      if (prev == null) {
        previous.put(
            qn, new CatalogManifest.Previous(entity.typeName(), h.hash(), h.factsHash(), true));
      } else {
        prev.seen = true;
      }
      manifest.write(
          new CatalogManifest.Entry(
              qn,
              entity.typeName(),
              CatalogManifest.hex(h.hash()),
              CatalogManifest.hex(h.factsHash()),
              h.facts()));
      assetsPerType.merge(entity.typeName(), 1L, Long::sum);
      if (incremental && change == ChangeTracker.Change.UNCHANGED) {
        unchangedNotSent++;
      } else {
        batcher.upsert(h.asset());
      }
    }

    /**
     * One pass over the previous manifest: old facts of changed assets, and assets of types this
     * crawl did not cover, which are carried over instead of archived. Returns those types.
     */
    List<String> carryOverNotCrawled(JsonLines.Writer<CatalogManifest.Entry> manifest)
        throws IOException {
      Set<String> covered = transformer.coveredTypes();
      List<String> notCrawled = new ArrayList<>();
      if (firstCrawl) {
        return notCrawled;
      }
      CatalogManifest.forEachEntry(
          store,
          CatalogManifest.manifestKey(connectionId),
          mapper,
          (qualifiedName, typeName) ->
              tracker.wantsOldFacts(qualifiedName) || !covered.contains(typeName),
          e -> {
            if (tracker.wantsOldFacts(e.qualifiedName())) {
              tracker.oldFacts(e.qualifiedName(), e.facts());
            }
            CatalogManifest.Previous p = previous.get(e.qualifiedName());
            if (p != null && !p.seen && !covered.contains(e.typeName())) {
              p.seen = true;
              writeUnchecked(manifest, e);
              if (!notCrawled.contains(e.typeName())) {
                notCrawled.add(e.typeName());
              }
            }
          });
      return notCrawled;
    }

    /** Archives what the previous crawl published and this one did not see; lists it. */
    ArtifactRef archiveStale(BatchPipeline batcher) throws IOException {
      List<StaleAsset> stale = staleAssets(previous);
      ArtifactRef deletionsRef = writeDeletions(ctx, stale);
      for (StaleAsset s : stale) {
        tracker.deleted(s);
        batcher.archive(s);
      }
      batcher.flushArchives();
      return deletionsRef;
    }

    /** The change report as artifacts and to the sink; with the manifest and deletions. */
    Map<String, ArtifactRef> writeReports(
        ChangeReport report, ArtifactRef manifestRef, ArtifactRef deletionsRef) throws IOException {
      byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
      String markdown = report.toMarkdown();
      Map<String, ArtifactRef> artifacts = new LinkedHashMap<>();
      artifacts.put(MANIFEST, manifestRef);
      artifacts.put(DELETIONS, deletionsRef);
      artifacts.put(
          CHANGE_REPORT_MD,
          writeBytes(ctx.artifactKey(CHANGE_REPORT_MD), markdown.getBytes(StandardCharsets.UTF_8)));
      artifacts.put(CHANGE_REPORT_JSON, writeBytes(ctx.artifactKey(CHANGE_REPORT_JSON), json));
      sink.writeChangeReport(markdown, json);
      return artifacts;
    }

    Map<String, Long> counts(BatchPipeline batcher) {
      Map<String, Long> counts = new LinkedHashMap<>();
      assetsPerType.forEach((type, n) -> counts.put("assets." + type, n));
      counts.put("assets", assetsPerType.values().stream().mapToLong(Long::longValue).sum());
      for (ChangeTracker.Change c : ChangeTracker.Change.values()) {
        counts.put(c.name().toLowerCase(Locale.ROOT), tracker.total(c));
      }
      // Without a risk analysis there are no counts: --fail-on must not read that as "no risk".
      if (risk != null) {
        for (RiskLevel level : RiskLevel.values()) {
          counts.put(level.countKey(), risk.report().count(level));
        }
      }
      counts.put("batches", (long) batcher.batches());
      counts.put("batchesSkipped", (long) batcher.skipped());
      counts.put("unchangedNotSent", unchangedNotSent);
      counts.putAll(transformer.notPublished());
      counts.putAll(sink.counts());
      return counts;
    }
  }

  /** Previous assets this crawl did not see, children before parents, then by qualifiedName. */
  private static List<StaleAsset> staleAssets(Map<String, CatalogManifest.Previous> previous) {
    List<StaleAsset> stale = new ArrayList<>();
    previous.forEach(
        (qn, p) -> {
          if (!p.seen) {
            stale.add(new StaleAsset(p.typeName, qn));
          }
        });
    List<String> order = AtlanModel.crawlTypes();
    stale.sort(
        Comparator.comparingInt((StaleAsset s) -> -order.indexOf(s.typeName()))
            .thenComparing(StaleAsset::qualifiedName));
    return stale;
  }

  private ArtifactRef writeDeletions(CrawlContext ctx, List<StaleAsset> stale) throws IOException {
    try (JsonLines.Writer<StaleAsset> w =
        JsonLines.writer(store, ctx.artifactKey(DELETIONS), mapper)) {
      for (StaleAsset s : stale) {
        w.write(s);
      }
      return w.finish();
    }
  }

  private ArtifactRef writeBytes(String key, byte[] bytes) throws IOException {
    try (OutputStream out = store.openWrite(key)) {
      out.write(bytes);
    }
    return new ArtifactRef(key, 1, store.size(key));
  }

  private static <T> void writeUnchecked(JsonLines.Writer<T> w, T value) {
    try {
      w.write(value);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
