package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.FailureType;
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
    CrawlContext context = request.context();
    String location = context.request().outputLocation();
    Path dir =
        (location == null ? defaultOutput : Path.of(location))
            .resolve(context.connectionId())
            .toAbsolutePath()
            .normalize();
    long files;
    try {
      files = exporter.export(request, dir);
    } catch (IOException e) {
      throw FailureType.TRANSIENT.failure("writing the crawl result to " + dir + " failed: " + e);
    }
    CrawlContext inDir =
        new CrawlContext(
            context.workflowId(),
            context.runId(),
            context.request().withOutputLocation(dir.toString()),
            context.artifactPrefix());
    PhaseResult published =
        catalog.publish(
            new PublishRequest(inDir, request.cluster(), request.artifacts(), request.phases()));
    Map<String, Long> counts = new LinkedHashMap<>(published.counts());
    counts.put("filesWritten", files);
    Map<String, ArtifactRef> artifacts = new LinkedHashMap<>(published.artifacts());
    artifacts.put(ArtifactKinds.OUTPUT, new ArtifactRef(dir.toString(), files, 0));
    List<String> warnings = new ArrayList<>(published.warnings());
    return PhaseResult.of(Phases.PUBLISH, counts, artifacts, warnings, published.denied());
  }
}
