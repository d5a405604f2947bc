package io.kcrawler.activities.artifacts;

import java.io.FilterOutputStream;
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
  default OutputStream openWrite(String key) throws IOException {
    Draft draft = openDraft(key);
    return new FilterOutputStream(draft.out()) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try (draft) {
          draft.publish(key);
        }
      }
    };
  }

  /**
   * Opens a stream whose bytes become an artifact when {@link Draft#publish} names its key, as
   * atomically as {@link #openWrite}. A writer that learns only at the end whether its bytes are a
   * whole artifact or one checkpointed part of it publishes them under the right key, no copy made.
   * {@code key} is where the bytes most likely go (a local store keeps them in its directory).
   */
  Draft openDraft(String key) throws IOException;

  /** Bytes on their way into the store; closing a draft that was not published discards them. */
  interface Draft extends AutoCloseable {
    OutputStream out();

    /** Makes the bytes visible under {@code key}, replacing it; at most once per draft. */
    void publish(String key) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Opens {@code key} for reading; throws {@link java.io.FileNotFoundException} when absent. */
  InputStream openRead(String key) throws IOException;

  boolean exists(String key) throws IOException;

  /** Size in bytes of a stored artifact. */
  long size(String key) throws IOException;

  /** Keys under {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  void delete(String key) throws IOException;

  /**
   * Replaces {@code to} with a copy of {@code from}, atomically like {@link #openWrite}. The
   * default streams the bytes through this JVM; a local store lets the kernel copy the file.
   */
  default void copy(String from, String to) throws IOException {
    try (InputStream in = openRead(from);
        OutputStream out = openWrite(to)) {
      in.transferTo(out);
    }
  }

  /** Moves {@code from} to {@code to}, replacing it. The default copies, then deletes. */
  default void move(String from, String to) throws IOException {
    copy(from, to);
    delete(from);
  }

  /** Writes {@code key} to a local file, replacing it. */
  default void copyTo(String key, java.nio.file.Path target) throws IOException {
    try (InputStream in = openRead(key)) {
      java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A human-readable location of {@code key} (a path or URL) for summaries and logs. */
  String describe(String key);
}
