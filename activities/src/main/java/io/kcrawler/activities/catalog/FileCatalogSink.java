package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default sink (dev mode): one JSON Lines file per asset type ({@code KafkaTopic.jsonl} …) in
 * the shape of Atlan's bulk entity API, {@code deletions.jsonl} with the assets to archive, and
 * {@code change-report.md} / {@code change-report.json}. Files are written under {@code .staging/}
 * and moved into place only by {@link #close()}; {@link #abort()} drops them, so a failed publish
 * leaves the previous output intact rather than half of a new one.
 */
public final class FileCatalogSink implements CatalogSink {
  public static final String DELETIONS = "deletions.jsonl";
  public static final String CHANGE_REPORT_MD = "change-report.md";
  public static final String CHANGE_REPORT_JSON = "change-report.json";

  private final ArtifactStore out;
  private final String prefix;
  private final ObjectMapper mapper;
  private final Map<String, JsonLines.Writer<AtlanEntity>> writers = new LinkedHashMap<>();
  private JsonLines.Writer<Map<String, String>> deletions;
  private final List<String> staged = new java.util.ArrayList<>();

  /**
   * @param out where the files go (e.g. a {@code LocalArtifactStore} on the output directory)
   * @param prefix key prefix inside {@code out}, empty for its root
   */
  public FileCatalogSink(ArtifactStore out, String prefix, ObjectMapper mapper) {
    this.out = out;
    this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
    this.mapper = mapper;
  }

  private String stage(String file) {
    staged.add(file);
    return prefix + ".staging/" + file;
  }

  public static String fileName(String typeName) {
    return typeName + ".jsonl";
  }

  @Override
  public boolean resumable() {
    return false;
  }

  /**
   * Writes the Connection first, as an importer must create it before the assets under it. A
   * connection named by the request or the worker already exists in the tenant: it is not written,
   * and nothing here can check it.
   */
  @Override
  public void ensureConnection(AtlanEntity connection, boolean mustExist) throws IOException {
    if (!mustExist) {
      upsert(List.of(connection));
    }
  }

  @Override
  public void upsert(List<AtlanEntity> batch) throws IOException {
    for (AtlanEntity e : batch) {
      JsonLines.Writer<AtlanEntity> w = writers.get(e.typeName());
      if (w == null) {
        w = JsonLines.writer(out, stage(fileName(e.typeName())), mapper);
        writers.put(e.typeName(), w);
      }
      w.write(e);
    }
  }

  // The publisher's bytes are exactly what the JSON Lines writer would produce for the entity.
  @Override
  public void upsertSerialized(List<SerializedAsset> batch) throws IOException {
    for (SerializedAsset a : batch) {
      String type = a.entity().typeName();
      JsonLines.Writer<AtlanEntity> w = writers.get(type);
      if (w == null) {
        w = JsonLines.writer(out, stage(fileName(type)), mapper);
        writers.put(type, w);
      }
      w.writeRaw(a.json());
    }
  }

  @Override
  public void archive(List<StaleAsset> batch) throws IOException {
    for (StaleAsset s : batch) {
      Map<String, String> line = new LinkedHashMap<>();
      line.put("typeName", s.typeName());
      line.put("qualifiedName", s.qualifiedName());
      line.put("deleteType", "SOFT");
      deletions().write(line);
    }
  }

  private JsonLines.Writer<Map<String, String>> deletions() throws IOException {
    if (deletions == null) {
      deletions = JsonLines.writer(out, stage(DELETIONS), mapper);
    }
    return deletions;
  }

  @Override
  public void writeChangeReport(String markdown, byte[] json) throws IOException {
    try (OutputStream o = out.openWrite(stage(CHANGE_REPORT_MD))) {
      o.write(markdown.getBytes(StandardCharsets.UTF_8));
    }
    try (OutputStream o = out.openWrite(stage(CHANGE_REPORT_JSON))) {
      o.write(json);
    }
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    writers.forEach((type, w) -> counts.put("file." + type, w.records()));
    return counts;
  }

  @Override
  public String location() {
    return out.describe(prefix.isEmpty() ? "." : prefix.substring(0, prefix.length() - 1));
  }

  @Override
  public void close() throws IOException {
    deletions(); // an empty deletions file says "nothing to archive", unlike a missing one
    IOException failed = finishWriters();
    if (failed != null) {
      abort();
      throw failed;
    }
    for (String file : staged) {
      out.move(prefix + ".staging/" + file, prefix + file);
    }
    staged.clear();
  }

  @Override
  public void abort() {
    finishWriters();
    for (String file : staged) {
      try {
        out.delete(prefix + ".staging/" + file);
      } catch (IOException ignored) {
        // a leftover staging file is overwritten by the next publish
      }
    }
    staged.clear();
  }

  private IOException finishWriters() {
    IOException first = null;
    for (AutoCloseable w : List.<AutoCloseable>copyOf(writers.values())) {
      first = closeQuietly(w, first);
    }
    if (deletions != null) {
      first = closeQuietly(deletions, first);
    }
    return first;
  }

  private static IOException closeQuietly(AutoCloseable c, IOException first) {
    try {
      c.close();
    } catch (Exception e) {
      IOException io = e instanceof IOException i ? i : new IOException(e);
      if (first == null) {
        return io;
      }
      first.addSuppressed(io);
    }
    return first;
  }
}
