package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactIo;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.boundary.ActivityBoundary;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.PhaseStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The publish phase: the raw crawl result (JSON Lines per kind and {@code crawl-summary.json}) in
 * {@code <outputLocation>/<connectionId>}, then the catalog assets through the configured sink (the
 * file sink writes them under {@code <that directory>/catalog}). Both steps are idempotent, so a
 * retried publish rewrites the files and resumes the catalog at its last batch.
 */
public final class PublishActivitiesImpl implements CatalogPublishActivities {
  private final CrawlResultExporter exporter;
  private final CatalogPublishActivities catalog;
  private final Path defaultOutput;

  public PublishActivitiesImpl(
      ArtifactStore store,
      ObjectMapper mapper,
      CatalogPublishActivities catalog,
      Path defaultOutput) {
    this.exporter = new CrawlResultExporter(store, mapper);
    this.catalog = catalog;
    this.defaultOutput = defaultOutput;
  }

  @Override
  public PhaseResult publish(PublishRequest request) {
    return ActivityBoundary.run(
        Phases.PUBLISH, request.context().request(), progress -> exportAndPublish(request));
  }

  private PhaseResult exportAndPublish(PublishRequest request) throws IOException {
    CrawlContext context = request.context();
    String location = context.request().outputLocation();
    Path dir =
        (location == null ? defaultOutput : Path.of(location))
            .resolve(context.connectionId())
            .toAbsolutePath()
            .normalize();
    // The raw export and the catalog read the same artifacts and write different files: the
    // export (a file copy per artifact) runs beside the catalog publish instead of before it.
    long started = System.nanoTime();
    CrawlResultExporter.Copied[] copied = {null};
    CompletableFuture<Void> export =
        ArtifactIo.start(() -> copied[0] = exporter.copyArtifacts(request, dir));
    CrawlContext inDir =
        new CrawlContext(
            context.workflowId(),
            context.runId(),
            context.request().withOutputLocation(dir.toString()),
            context.artifactPrefix());
    PhaseResult published;
    try {
      published =
          catalog.publish(
              new PublishRequest(inDir, request.cluster(), request.artifacts(), request.phases()));
    } catch (RuntimeException e) {
      export.handle((ok, failed) -> null).join(); // the catalog's failure is the one to report
      throw e;
    }
    awaitExport(export, dir);
    long files = copied[0].files() + 1; // and crawl-summary.json
    Map<String, Long> counts = new LinkedHashMap<>(published.counts());
    counts.put("filesWritten", files);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(published.artifacts());
    artifacts.put(ArtifactKinds.OUTPUT, new ArtifactRef(dir.toString(), files, 0));
    PhaseResult result =
        new PhaseResult(
            Phases.PUBLISH,
            Map.copyOf(counts),
            Map.copyOf(artifacts),
            published.warnings(),
            published.totalWarnings(),
            published.denied(),
            published.notes());
    // Written last, so it can say how publish went and so the crawl's overall status.
    exporter.writeSummary(
        request,
        dir,
        copied[0],
        new PhaseSummary(
            Phases.PUBLISH,
            PhaseStatus.of(result),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            result.counts(),
            result.warnings(),
            result.totalWarnings(),
            result.denied(),
            null,
            result.notes()));
    return result;
  }

  private static void awaitExport(CompletableFuture<Void> export, Path dir) throws IOException {
    try {
      ArtifactIo.await(export);
    } catch (IOException e) {
      throw new IOException("writing the crawl result to " + dir + " failed: " + e, e);
    }
  }
}
