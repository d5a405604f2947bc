package io.kcrawler.activities.artifacts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kcrawler.model.ArtifactRef;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Streams records to and from JSON Lines artifacts one at a time, so no phase holds a whole
 * artifact in memory twice, whatever the cluster size.
 */
public final class JsonLines {
  static final int BUFFER_BYTES = 64 * 1024;

  private JsonLines() {}

  /** Opens a writer for {@code key}; {@link Writer#close()} publishes it and returns its ref. */
  public static <T> Writer<T> writer(ArtifactStore store, String key, ObjectMapper mapper)
      throws IOException {
    return new Writer<>(store, key, mapper);
  }

  /** Calls {@code action} for every record of type {@code type} in {@code key}. */
  public static <T> long forEach(
      ArtifactStore store, String key, Class<T> type, ObjectMapper mapper, Consumer<T> action)
      throws IOException {
    long n = 0;
    try (InputStream in = new BufferedInputStream(store.openRead(key), BUFFER_BYTES);
        MappingIterator<T> it = reader(mapper, type).readValues(in)) {
      while (it.hasNext()) {
        action.accept(it.next());
        n++;
      }
    }
    return n;
  }

  /** An iterator over the records of {@code key}; close it when done. */
  public static <T> CloseableIterator<T> iterate(
      ArtifactStore store, String key, Class<T> type, ObjectMapper mapper) throws IOException {
    InputStream in = new BufferedInputStream(store.openRead(key), BUFFER_BYTES);
    MappingIterator<T> it = reader(mapper, type).readValues(in);
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {
        try {
          it.close();
          in.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static <T> ObjectReader reader(ObjectMapper mapper, Class<T> type) {
    return mapper.readerFor(type);
  }

  /** An iterator that holds a stream open. */
  public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * Records as JSON Lines on a stream: one per line, each line ended by '\n'. Every writer of this
   * package encodes through it, so an artifact written in parts and concatenated has the same bytes
   * as one written whole.
   */
  static final class Lines<T> {
    private final OutputStream out;
    private final SequenceWriter seq;
    private long records;
    private Boolean raw;

    Lines(OutputStream out, ObjectMapper mapper) throws IOException {
      this.out = out;
      this.seq =
          mapper
              .writer()
              .without(SerializationFeature.INDENT_OUTPUT)
              .withRootValueSeparator("\n")
              .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
              .writeValues(out);
    }

    void write(T record) throws IOException {
      mode(false);
      seq.write(record);
      records++;
    }

    /** Appends one record that is already compact JSON without a newline inside. */
    void writeRaw(byte[] json) throws IOException {
      mode(true);
      if (records > 0) {
        out.write('\n');
      }
      out.write(json);
      records++;
    }

    /** The sequence writer places its own separators: one stream takes one kind of write. */
    private void mode(boolean raw) {
      if (this.raw == null) {
        this.raw = raw;
      } else if (this.raw != raw) {
        throw new IllegalStateException("write and writeRaw cannot be mixed on one artifact");
      }
    }

    long records() {
      return records;
    }

    /** Ends the last line and flushes; the stream stays open. */
    void end() throws IOException {
      seq.flush();
      if (records > 0) {
        out.write('\n');
      }
      seq.close();
      out.flush();
    }
  }

  /** Appends records as JSON Lines; closing it makes the artifact visible. */
  public static final class Writer<T> implements AutoCloseable {
    private final ArtifactStore store;
    private final String key;
    private final OutputStream out;
    private final Lines<T> lines;
    private ArtifactRef ref;

    private Writer(ArtifactStore store, String key, ObjectMapper mapper) throws IOException {
      this.store = store;
      this.key = key;
      this.out = new BufferedOutputStream(store.openWrite(key), BUFFER_BYTES);
      this.lines = new Lines<>(out, mapper);
    }

    public void write(T record) throws IOException {
      lines.write(record);
    }

    /**
     * Appends one record that is already compact JSON (no newline inside), exactly as {@link
     * #write} would have produced it; a writer takes either kind of write, not both.
     */
    public void writeRaw(byte[] json) throws IOException {
      lines.writeRaw(json);
    }

    public long records() {
      return lines.records();
    }

    /** Publishes the artifact and returns its reference. */
    public ArtifactRef finish() throws IOException {
      if (ref == null) {
        lines.end();
        out.close();
        ref = new ArtifactRef(key, lines.records(), store.size(key));
      }
      return ref;
    }

    @Override
    public void close() throws IOException {
      finish();
    }
  }
}
