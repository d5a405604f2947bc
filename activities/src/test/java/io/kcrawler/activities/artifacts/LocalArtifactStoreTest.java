package io.kcrawler.activities.artifacts;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the artifact-store contract against a local directory. */
class LocalArtifactStoreTest extends ArtifactStoreContract {
  @TempDir Path dir;

  @Override
  ArtifactStore newEmptyStore() {
    return new LocalArtifactStore(dir);
  }
}
