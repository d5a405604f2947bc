package io.kcrawler.activities.artifacts;

import org.junit.jupiter.api.AfterEach;

/** Runs the chunked-writer contract against s3proxy, a real S3-API server in-process. */
class ChunkedJsonLinesWriterS3ContractTest extends ChunkedJsonLinesWriterContract {
  private S3ArtifactStore s3Store;

  @Override
  ArtifactStore newEmptyStore() {
    s3Store = S3ProxyFixture.freshStore();
    return s3Store;
  }

  @AfterEach
  void closeStore() {
    s3Store.close();
  }
}
