package io.kcrawler.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ChunkedJsonLinesWriter} guarantees on every artifact store: parts that outlive an
 * attempt, and a finished artifact with the bytes of one written whole. Each store's test extends
 * this class and supplies a fresh, empty store per test.
 */
abstract class ChunkedJsonLinesWriterContract {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY = "connections/c/runs/r/topic-configs.jsonl";
  private static final int RECORDS = 1_000;

  ArtifactStore store;

  abstract ArtifactStore newEmptyStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newEmptyStore();
  }

  record Row(int id, String name) {}

  static Row row(int i) {
    return new Row(i, "topic-" + i + (i % 10 == 0 ? " with a \"quote\"\nand a newline" : ""));
  }

  /** The artifact as {@link JsonLines#writer} writes it in one piece: what every test compares. */
  private byte[] writtenWhole(int records) throws IOException {
    String key = "whole/rows.jsonl";
    try (JsonLines.Writer<Row> w = JsonLines.writer(store, key, MAPPER)) {
      for (int i = 0; i < records; i++) {
        w.write(row(i));
      }
    }
    byte[] bytes = bytes(store, key);
    store.delete(key);
    return bytes;
  }

  static byte[] bytes(ArtifactStore store, String key) throws IOException {
    try (InputStream in = store.openRead(key)) {
      return in.readAllBytes();
    }
  }

  private List<String> partsInStore() throws IOException {
    return store.list("connections").stream().filter(k -> k.contains(".part-")).toList();
  }

  @Test
  void givenNoCheckpoint_whenFinished_thenTheArtifactIsPublishedWholeWithoutParts()
      throws IOException {
    byte[] whole = writtenWhole(RECORDS);
    ArtifactRef ref;
    try (ChunkedJsonLinesWriter<Row> w =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      for (int i = 0; i < RECORDS; i++) {
        w.write(row(i));
      }
      ref = w.finish();
    }

    assertThat(bytes(store, KEY)).isEqualTo(whole);
    assertThat(ref).isEqualTo(new ArtifactRef(KEY, RECORDS, whole.length));
    assertThat(store.list("connections")).containsExactly(KEY);
  }

  @Test
  void givenCheckpoints_whenFinished_thenSameBytesAsWrittenWholeAndNoPartsLeft()
      throws IOException {
    byte[] whole = writtenWhole(RECORDS);
    ArtifactRef ref;
    try (ChunkedJsonLinesWriter<Row> w =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      for (int i = 0; i < RECORDS; i++) {
        w.write(row(i));
        if (i % 300 == 299) {
          assertThat(w.checkpoint()).hasSize((i + 1) / 300);
        }
      }
      assertThat(partsInStore()).hasSize(3);
      ref = w.finish();
    }

    assertThat(bytes(store, KEY)).isEqualTo(whole);
    assertThat(ref).isEqualTo(new ArtifactRef(KEY, RECORDS, whole.length));
    assertThat(store.list("connections")).containsExactly(KEY);
  }

  @Test
  void givenTheReportedPartsOfAFailedAttempt_whenTheRetryGoesOn_thenSameBytesAndRecordCount()
      throws IOException {
    byte[] whole = writtenWhole(RECORDS);
    List<String> reported;
    try (ChunkedJsonLinesWriter<Row> first =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      for (int i = 0; i < 400; i++) {
        first.write(row(i));
        if (i == 199 || i == 399) {
          first.checkpoint();
        }
      }
      reported = first.checkpoint();
      first.write(row(400)); // never checkpointed: the attempt dies here
    }
    assertThat(reported)
        .containsExactly(KEY + ".part-00000-a1", KEY + ".part-00001-a1")
        .allSatisfy(p -> assertThat(store.exists(p)).isTrue());
    assertThat(ChunkedJsonLinesWriter.partsPresent(store, KEY, reported)).isTrue();

    ArtifactRef ref;
    try (ChunkedJsonLinesWriter<Row> retry =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 2, reported)) {
      for (int i = 400; i < RECORDS; i++) {
        retry.write(row(i));
        if (i == 699) {
          assertThat(retry.checkpoint()).last().isEqualTo(KEY + ".part-00002-a2");
        }
      }
      ref = retry.finish();
    }

    assertThat(bytes(store, KEY)).isEqualTo(whole);
    assertThat(ref).isEqualTo(new ArtifactRef(KEY, RECORDS, whole.length));
    assertThat(store.list("connections")).containsExactly(KEY);
  }

  @Test
  void givenPartsAnEarlierAttemptWroteButNeverReported_whenTheRetryFinishes_thenTheyAreDeleted()
      throws IOException {
    List<String> reported;
    try (ChunkedJsonLinesWriter<Row> first =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      first.write(row(0));
      reported = first.checkpoint();
      // Written after the last heartbeat the server recorded (the SDK throttles heartbeats).
      first.write(row(1));
      first.checkpoint();
      first.write(row(2));
      first.checkpoint();
    }
    assertThat(partsInStore()).hasSize(3);

    try (ChunkedJsonLinesWriter<Row> retry =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 2, reported)) {
      retry.write(row(1));
      retry.write(row(2));
      assertThat(retry.finish().records()).isEqualTo(3);
    }

    assertThat(bytes(store, KEY)).isEqualTo(writtenWhole(3));
    assertThat(partsInStore()).isEmpty();
  }

  @Test
  void givenPartsOfALaterAttempt_whenAnEarlierAttemptStillRunningFinishes_thenTheyAreKept()
      throws IOException {
    try (ChunkedJsonLinesWriter<Row> later =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 3, List.of())) {
      later.write(row(0));
      later.checkpoint();
    }
    try (ChunkedJsonLinesWriter<Row> lingering =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 2, List.of())) {
      lingering.write(row(0));
      lingering.checkpoint();
      lingering.write(row(1));
      lingering.finish();
    }

    assertThat(partsInStore()).containsExactly(KEY + ".part-00000-a3");
  }

  @Test
  void givenAMissingOrForeignPart_whenPartsAreChecked_thenNotPresent() throws IOException {
    List<String> parts;
    try (ChunkedJsonLinesWriter<Row> w =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      w.write(row(0));
      w.checkpoint();
      w.write(row(1));
      parts = w.checkpoint();
    }
    store.delete(parts.get(1));

    assertThat(ChunkedJsonLinesWriter.partsPresent(store, KEY, parts.subList(0, 1))).isTrue();
    assertThat(ChunkedJsonLinesWriter.partsPresent(store, KEY, parts)).isFalse();
    assertThat(ChunkedJsonLinesWriter.partsPresent(store, KEY + ".other", parts.subList(0, 1)))
        .isFalse();
    assertThatThrownBy(
            () -> ChunkedJsonLinesWriter.open(store, "elsewhere.jsonl", MAPPER, 2, parts))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenCheckpointedParts_whenDiscarded_thenNothingIsLeft() throws IOException {
    try (ChunkedJsonLinesWriter<Row> w =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      w.write(row(0));
      w.checkpoint();
      w.write(row(1));
      w.discard();
    }

    assertThat(store.list("connections")).isEmpty();
  }

  @Test
  void givenNoRecords_whenFinished_thenAnEmptyArtifactAsWrittenWhole() throws IOException {
    ArtifactRef ref;
    try (ChunkedJsonLinesWriter<Row> w =
        ChunkedJsonLinesWriter.open(store, KEY, MAPPER, 1, List.of())) {
      assertThat(w.checkpoint()).isEmpty();
      ref = w.finish();
    }

    assertThat(bytes(store, KEY)).isEqualTo(writtenWhole(0)).isEmpty();
    assertThat(ref).isEqualTo(new ArtifactRef(KEY, 0, 0));
  }
}
