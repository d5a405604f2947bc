package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a crawl's raw result to a directory: each artifact as its JSON Lines file (streamed, not
 * loaded) and {@code crawl-summary.json} with the status, the cluster, every phase and the artifact
 * counts.
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

  /** What {@link #copyArtifacts} wrote: records per file name, and how many files. */
  public record Copied(Map<String, Long> records, long files) {}

  /** Copies every artifact into {@code dir}, replacing files of an earlier crawl. */
  public Copied copyArtifacts(PublishRequest request, Path dir) throws IOException {
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
    return new Copied(records, files);
  }

  /**
   * Writes {@code crawl-summary.json}: the crawl's overall status (the workflow's rule, over every
   * phase including publish), the cluster, record counts per file and every phase.
   */
  public void writeSummary(PublishRequest request, Path dir, Copied copied, PhaseSummary publish)
      throws IOException {
    List<PhaseSummary> phases = new ArrayList<>(request.phases());
    phases.add(publish);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("connectionId", request.context().connectionId());
    summary.put("connectionName", request.context().request().displayName());
    summary.put("workflowId", request.context().workflowId());
    summary.put("runId", request.context().runId());
    summary.put("status", CrawlStatus.of(phases));
    summary.put("cluster", request.cluster());
    summary.put("records", copied.records());
    summary.put("phases", phases);
    Path tmp = dir.resolve(SUMMARY_FILE + ".part");
    mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), summary);
    Files.move(tmp, dir.resolve(SUMMARY_FILE), StandardCopyOption.REPLACE_EXISTING);
  }
}
