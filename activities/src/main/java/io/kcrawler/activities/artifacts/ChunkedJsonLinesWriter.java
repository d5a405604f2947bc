package io.kcrawler.activities.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.ArtifactRef;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one JSON Lines artifact that a retried activity can continue instead of rewriting. {@link
 * #checkpoint()} publishes the records written since the previous checkpoint as a part, {@code
 * <key>.part-<index>-a<attempt>}, which outlives a failed attempt; the next attempt opens the
 * writer with the parts its predecessor reported and writes on. Object stores cannot append, so
 * {@link #finish()} joins the parts into {@code key}; a writer that never checkpointed publishes
 * its records under {@code key} directly (a rename locally, one upload to S3), at no extra cost.
 *
 * <p>Part names carry the attempt so that an earlier attempt still running unseen (a worker cut off
 * from Temporal, whose attempt timed out) cannot overwrite a part this attempt relies on. Parts an
 * earlier attempt wrote but never reported are deleted once the artifact is published.
 */
public final class ChunkedJsonLinesWriter<T> implements AutoCloseable {
  private static final Pattern PART = Pattern.compile("\\.part-(\\d+)-a(\\d+)$");

  private final ArtifactStore store;
  private final String key;
  private final ObjectMapper mapper;
  private final int attempt;
  private final boolean retry;
  private final List<String> parts;
  private ArtifactStore.Draft draft;
  private JsonLines.Lines<T> lines;
  private long records;
  private ArtifactRef ref;

  private ChunkedJsonLinesWriter(
      ArtifactStore store, String key, ObjectMapper mapper, int attempt, List<String> kept) {
    this.store = store;
    this.key = key;
    this.mapper = mapper;
    this.attempt = attempt;
    this.retry = attempt > 1 || !kept.isEmpty();
    this.parts = new ArrayList<>(kept);
  }

  /**
   * A writer for {@code key} in attempt {@code attempt} (1 for the first) that continues after
   * {@code kept}, the complete parts an earlier attempt reported (empty to start from scratch).
   */
  public static <T> ChunkedJsonLinesWriter<T> open(
      ArtifactStore store, String key, ObjectMapper mapper, int attempt, List<String> kept) {
    if (!kept.stream().allMatch(p -> isPartOf(key, p))) {
      throw new IllegalArgumentException("not parts of " + key + ": " + kept);
    }
    return new ChunkedJsonLinesWriter<>(store, key, mapper, attempt, kept);
  }

  /** True if every one of {@code parts} is a part of {@code key} and still in the store. */
  public static boolean partsPresent(ArtifactStore store, String key, List<String> parts)
      throws IOException {
    for (String part : parts) {
      if (!isPartOf(key, part) || !store.exists(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPartOf(String key, String part) {
    return part.startsWith(key) && PART.matcher(part.substring(key.length())).matches();
  }

  static String partKey(String key, int index, int attempt) {
    return key + ".part-" + String.format("%05d", index) + "-a" + attempt;
  }

  public void write(T record) throws IOException {
    lines().write(record);
    records++;
  }

  /** The lines of the part being written, opened on first use. */
  private JsonLines.Lines<T> lines() throws IOException {
    if (lines == null) {
      draft = store.openDraft(key);
      lines =
          new JsonLines.Lines<>(
              new BufferedOutputStream(draft.out(), JsonLines.BUFFER_BYTES), mapper);
    }
    return lines;
  }

  /**
   * Publishes the records written since the previous checkpoint as the next part (none if there are
   * none) and returns the keys of all complete parts, in order: what a retry needs to go on.
   */
  public List<String> checkpoint() throws IOException {
    if (lines != null) {
      String part = partKey(key, parts.size(), attempt);
      lines.end();
      draft.publish(part);
      parts.add(part);
      draft = null;
      lines = null;
    }
    return List.copyOf(parts);
  }

  /**
   * Publishes the artifact under {@code key} and deletes its parts. Its records count those of kept
   * parts too, so the reference is the same as if one attempt had written everything.
   */
  public ArtifactRef finish() throws IOException {
    if (ref != null) {
      return ref;
    }
    long total;
    if (parts.isEmpty()) {
      lines().end();
      draft.publish(key);
      draft = null;
      lines = null;
      total = records;
    } else {
      checkpoint();
      total = concatenate();
    }
    deleteParts();
    ref = new ArtifactRef(key, total, store.size(key));
    return ref;
  }

  /** Joins the parts into {@code key}; returns the number of records (lines) in them. */
  private long concatenate() throws IOException {
    long newlines = 0;
    byte[] buffer = new byte[JsonLines.BUFFER_BYTES];
    try (OutputStream joined = store.openWrite(key)) {
      for (String part : parts) {
        try (InputStream in = store.openRead(part)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            // JSON escapes newlines inside strings: every '\n' ends a record.
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                newlines++;
              }
            }
            joined.write(buffer, 0, n);
          }
        }
      }
    }
    return newlines;
  }

  /**
   * Deletes the parts without publishing anything, for an artifact that only served as a
   * checkpoint.
   */
  public void discard() throws IOException {
    close();
    deleteParts();
  }

  /**
   * Deletes the parts of this writer and, on a retry, any part of {@code key} an earlier attempt
   * left behind: the SDK throttles heartbeats, so the last details a retry sees may name fewer
   * parts than that attempt wrote. Later attempts' parts are left alone.
   */
  private void deleteParts() throws IOException {
    Set<String> doomed = new HashSet<>(parts);
    if (retry) {
      String dir = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "";
      for (String other : store.list(dir)) {
        if (isPartOf(key, other)) {
          Matcher m = PART.matcher(other.substring(key.length()));
          if (m.matches() && Integer.parseInt(m.group(2)) <= attempt) {
            doomed.add(other);
          }
        }
      }
    }
    for (String part : doomed) {
      store.delete(part);
    }
    parts.clear();
  }

  /**
   * Discards the records written since the last checkpoint unless the artifact was finished; the
   * complete parts stay for a retry.
   */
  @Override
  public void close() throws IOException {
    if (draft != null) {
      ArtifactStore.Draft open = draft;
      draft = null;
      lines = null;
      open.close();
    }
  }
}
