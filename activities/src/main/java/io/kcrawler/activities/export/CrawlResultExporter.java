package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a crawl's raw result to a directory: each artifact as its JSON Lines file (streamed, not
 * loaded) and {@code crawl-summary.json} with the cluster, the phases and the artifact counts.
 */
public final class CrawlResultExporter {
  /** The summary file's name in the output directory. */
  public static final String SUMMARY_FILE = "crawl-summary.json";

  private final ArtifactStore store;
  private final ObjectMapper mapper;

  public CrawlResultExporter(ArtifactStore store, ObjectMapper mapper) {
    this.store = store;
    this.mapper = mapper;
  }

  /** Exports into {@code dir}, replacing files of an earlier crawl; returns files written. */
  public long export(PublishRequest request, Path dir) throws IOException {
    Files.createDirectories(dir);
    long files = 0;
    Map<String, Long> records = new LinkedHashMap<>();
    for (Map.Entry<String, ArtifactRef> e : request.artifacts().entrySet()) {
      ArtifactRef ref = e.getValue();
      String name = ref.key().substring(ref.key().lastIndexOf('/') + 1);
      store.copyTo(ref.key(), dir.resolve(name));
      records.put(name, ref.records());
      files++;
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("connectionId", request.context().connectionId());
    summary.put("connectionName", request.context().request().displayName());
    summary.put("workflowId", request.context().workflowId());
    summary.put("runId", request.context().runId());
    summary.put("cluster", request.cluster());
    summary.put("records", records);
    summary.put("phases", request.phases());
    Path tmp = dir.resolve(SUMMARY_FILE + ".part");
    mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), summary);
    Files.move(tmp, dir.resolve(SUMMARY_FILE), StandardCopyOption.REPLACE_EXISTING);
    return files + 1;
  }
}
