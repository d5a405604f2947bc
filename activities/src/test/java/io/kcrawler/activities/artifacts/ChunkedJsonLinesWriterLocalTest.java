package io.kcrawler.activities.artifacts;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the chunked-writer contract against a local directory. */
class ChunkedJsonLinesWriterLocalTest extends ChunkedJsonLinesWriterContract {
  @TempDir Path dir;

  @Override
  ArtifactStore newEmptyStore() {
    return new LocalArtifactStore(dir);
  }
}
