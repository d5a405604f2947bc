package io.kcrawler.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Runs the artifact-store contract against s3proxy, a real S3-API server in-process ({@link
 * S3ProxyFixture}). Each test gets its own key prefix in one bucket.
 */
class S3ArtifactStoreContractTest extends ArtifactStoreContract {
  /** S3's smallest allowed part, so a multipart upload needs only a few MiB of test data. */
  private static final int MIN_PART_BYTES = 5 * 1024 * 1024;

  private S3ArtifactStore s3Store;

  private static S3ArtifactStore storeWithPrefix(String prefix) {
    return S3ProxyFixture.store(prefix, S3ArtifactStore.DEFAULT_PART_BYTES);
  }

  private static S3ArtifactStore storeWithPrefix(String prefix, int partBytes) {
    return S3ProxyFixture.store(prefix, partBytes);
  }

  @Override
  ArtifactStore newEmptyStore() {
    s3Store = storeWithPrefix("tests/" + UUID.randomUUID());
    return s3Store;
  }

  @AfterEach
  void closeStore() {
    s3Store.close();
  }

  @Test
  void givenTwoPrefixes_whenListed_thenEachStoreSeesOnlyItsOwnKeys() throws IOException {
    put(store, "runs/1/a.txt", "mine");
    try (S3ArtifactStore neighbour = storeWithPrefix("tests/" + UUID.randomUUID() + "/")) {
      put(neighbour, "runs/1/b.txt", "theirs");

      assertThat(store.list("runs")).containsExactly("runs/1/a.txt");
      assertThat(neighbour.list("runs")).containsExactly("runs/1/b.txt");
      assertThat(neighbour.exists("runs/1/a.txt")).isFalse();
    }
  }

  @Test
  void givenArtifactLargerThanOnePart_whenWritten_thenUploadedInPartsAndReadBackWhole()
      throws IOException {
    byte[] data = new byte[2 * MIN_PART_BYTES + 123];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    try (S3ArtifactStore small = storeWithPrefix("tests/" + UUID.randomUUID(), MIN_PART_BYTES)) {
      try (OutputStream out = small.openWrite("big.bin")) {
        out.write(data);
      }

      assertThat(small.size("big.bin")).isEqualTo(data.length);
      try (InputStream in = small.openRead("big.bin")) {
        assertThat(Arrays.equals(in.readAllBytes(), data)).isTrue();
      }
    }
  }

  @Test
  void givenKey_whenDescribed_thenS3UrlWithPrefix() {
    try (S3ArtifactStore prefixed = storeWithPrefix("/kcrawler")) {
      assertThat(prefixed.describe("runs/1/topics.jsonl"))
          .isEqualTo("s3://artifacts/kcrawler/runs/1/topics.jsonl");
    }
  }

  @Test
  void givenWrongSecret_whenWriting_thenIOExceptionWithoutTheSecret() {
    S3ArtifactStoreSettings settings =
        new S3ArtifactStoreSettings(
            Optional.of(S3ProxyFixture.endpoint()), S3ProxyFixture.BUCKET, "x", true, null);
    String wrongSecret = "not-the-secret-" + UUID.randomUUID();
    try (S3ArtifactStore denied =
        S3ArtifactStore.create(
            settings,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyFixture.ACCESS_KEY, wrongSecret)),
            S3ArtifactStore.DEFAULT_PART_BYTES)) {
      assertThatThrownBy(() -> put(denied, "a.txt", "a"))
          .isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(e.toString()).doesNotContain(wrongSecret));
    }
  }
}
