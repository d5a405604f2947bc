package io.kcrawler.activities.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where activities leave what they extract (the claim-check store). Keys are '/'-separated paths
 * such as {@code connections/prod/runs/<run>/topics.jsonl}. A write becomes visible only when its
 * stream is closed, so a crashed activity never leaves half an artifact behind under the final key.
 * Implementations: a local directory (default) and S3-compatible object stores.
 */
public interface ArtifactStore {

  /** Opens a stream that atomically replaces {@code key} when closed. */
  OutputStream openWrite(String key) throws IOException;

  /** Opens {@code key} for reading; throws {@link java.io.FileNotFoundException} when absent. */
  InputStream openRead(String key) throws IOException;

  boolean exists(String key) throws IOException;

  /** Size in bytes of a stored artifact. */
  long size(String key) throws IOException;

  /** Keys under {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  void delete(String key) throws IOException;

  /** A human-readable location of {@code key} (a path or URL) for summaries and logs. */
  String describe(String key);
}
