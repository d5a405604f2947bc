package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.FailureType;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Publishes a crawl as files: the raw artifacts and a summary in {@code
 * <outputLocation>/<connectionId>}, or under the worker's default output directory.
 */
public final class ExportPublishActivitiesImpl implements CatalogPublishActivities {
  private final CrawlResultExporter exporter;
  private final Path defaultOutput;

  public ExportPublishActivitiesImpl(ArtifactStore store, ObjectMapper mapper, Path defaultOutput) {
    this.exporter = new CrawlResultExporter(store, mapper);
    this.defaultOutput = defaultOutput;
  }

  @Override
  public PhaseResult publish(PublishRequest request) {
    String location = request.context().request().outputLocation();
    Path dir =
        (location == null ? defaultOutput : Path.of(location))
            .resolve(request.context().connectionId())
            .toAbsolutePath()
            .normalize();
    try {
      long files = exporter.export(request, dir);
      return PhaseResult.of(
          Phases.PUBLISH,
          Map.of("filesWritten", files),
          Map.of(ArtifactKinds.OUTPUT, new ArtifactRef(dir.toString(), files, 0)),
          List.of());
    } catch (IOException e) {
      throw FailureType.TRANSIENT.failure("writing the crawl result to " + dir + " failed: " + e);
    }
  }
}
