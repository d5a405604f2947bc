package io.kcrawler.activities.artifacts;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An artifact store in a local directory. Visible to this host only: deployments with several
 * workers use an object store, or keep a crawl's activities on one host.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private final Path root;

  public LocalArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  Path resolve(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("artifact key escapes the store: " + key);
    }
    return p;
  }

  // A hard link where the file system has them, else a plain file copy (copy_file_range on
  // Linux), never streaming through the heap: the manifest of a 10k-topic crawl is ~10 MB. A link
  // is a true copy here because this store never writes a file in place: every write is a draft
  // renamed over the key, which gives the key a new file and leaves the linked one as it was.
  @Override
  public void copy(String from, String to) throws IOException {
    Path source = existing(from);
    Path target = resolve(to);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".part");
    try {
      try {
        Files.createLink(tmp, source);
      } catch (UnsupportedOperationException | IOException noLink) {
        // Another file system under the same root (a mount), or one without hard links.
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      replace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void move(String from, String to) throws IOException {
    Path target = resolve(to);
    Files.createDirectories(target.getParent());
    replace(existing(from), target);
  }

  @Override
  public void copyTo(String key, Path target) throws IOException {
    Files.copy(existing(key), target, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path existing(String key) throws IOException {
    Path p = resolve(key);
    if (!Files.exists(p)) {
      throw new java.io.FileNotFoundException(describe(key));
    }
    return p;
  }

  private static void replace(Path from, Path target) throws IOException {
    try {
      Files.move(from, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public Draft openDraft(String key) throws IOException {
    Path near = resolve(key);
    Files.createDirectories(near.getParent());
    // In the directory of the likely key, so that publishing is a rename on the same file system.
    Path tmp = Files.createTempFile(near.getParent(), near.getFileName().toString(), ".part");
    OutputStream out = Files.newOutputStream(tmp);
    return new Draft() {
      private boolean done;

      @Override
      public OutputStream out() {
        return out;
      }

      @Override
      public void publish(String target) throws IOException {
        if (done) {
          throw new IllegalStateException("draft already published or discarded");
        }
        Path to = resolve(target);
        out.close();
        Files.createDirectories(to.getParent());
        replace(tmp, to);
        done = true;
      }

      @Override
      public void close() throws IOException {
        if (!done) {
          done = true;
          try {
            out.close();
          } finally {
            Files.deleteIfExists(tmp);
          }
        }
      }
    };
  }

  @Override
  public InputStream openRead(String key) throws IOException {
    try {
      return Files.newInputStream(resolve(key));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("no artifact " + key + " in " + root);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(resolve(key));
  }

  @Override
  public long size(String key) throws IOException {
    return Files.size(resolve(key));
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path dir = resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".part"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public String describe(String key) {
    return resolve(key).toString();
  }
}
