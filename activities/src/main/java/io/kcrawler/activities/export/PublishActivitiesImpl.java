package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactIo;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.boundary.ActivityBoundary;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
    long[] files = {0};
    CompletableFuture<Void> export =
        ArtifactIo.start(() -> files[0] = exporter.export(request, dir));
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
    Map<String, Long> counts = new LinkedHashMap<>(published.counts());
    counts.put("filesWritten", files[0]);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(published.artifacts());
    artifacts.put(ArtifactKinds.OUTPUT, new ArtifactRef(dir.toString(), files[0], 0));
    List<String> warnings = new ArrayList<>(published.warnings());
    return PhaseResult.of(Phases.PUBLISH, counts, artifacts, warnings, published.denied());
  }

  private static void awaitExport(CompletableFuture<Void> export, Path dir) throws IOException {
    try {
      ArtifactIo.await(export);
    } catch (IOException e) {
      throw new IOException("writing the crawl result to " + dir + " failed: " + e, e);
    }
  }
}
