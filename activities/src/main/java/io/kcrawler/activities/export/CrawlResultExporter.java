package io.kcrawler.activities.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kcrawler.activities.access.AccessResolver;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.access.PrincipalAccess;
import io.kcrawler.model.access.ResourceAccess;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    files += writeAccess(request, dir, records);
    return new Copied(records, files);
  }

  /**
   * Who may access each topic and group, and the same by principal, resolved from the ACLs the
   * brokers phase read (none when it could not: no authorizer, or DESCRIBE on the cluster denied).
   * Returns the files written.
   */
  private long writeAccess(PublishRequest request, Path dir, Map<String, Long> records)
      throws IOException {
    ArtifactRef acls = request.artifacts().get(ArtifactKinds.ACLS);
    ArtifactRef topics = request.artifacts().get(ArtifactKinds.TOPICS);
    if (acls == null || topics == null) {
      return 0;
    }
    List<AclMetadata> bindings = new ArrayList<>();
    JsonLines.forEach(store, acls.key(), AclMetadata.class, mapper, bindings::add);
    AccessResolver resolver = new AccessResolver(bindings);
    List<ResourceAccess> resolved = new ArrayList<>();
    JsonLines.forEach(
        store,
        topics.key(),
        TopicMetadata.class,
        mapper,
        t -> resolved.add(resolver.topic(t.name())));
    ArtifactRef groups = request.artifacts().get(ArtifactKinds.CONSUMER_GROUPS);
    if (groups != null) {
      JsonLines.forEach(
          store,
          groups.key(),
          ConsumerGroupMetadata.class,
          mapper,
          g -> resolved.add(resolver.group(g.groupId())));
    }
    List<PrincipalAccess> byPrincipal = AccessResolver.byPrincipal(resolved);
    writeLines(dir.resolve(ArtifactKinds.ACCESS_BY_RESOURCE), resolved);
    writeLines(dir.resolve(ArtifactKinds.ACCESS_BY_PRINCIPAL), byPrincipal);
    records.put(ArtifactKinds.ACCESS_BY_RESOURCE, (long) resolved.size());
    records.put(ArtifactKinds.ACCESS_BY_PRINCIPAL, (long) byPrincipal.size());
    return 2;
  }

  private void writeLines(Path file, List<?> values) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    ObjectWriter compact = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Object v : values) {
        out.write(compact.writeValueAsString(v));
        out.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
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
