package io.kcrawler.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.ArtifactRef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArtifactStore} must do. Each implementation's test extends this class and
 * supplies a fresh, empty store per test.
 */
abstract class ArtifactStoreContract {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Enough records that a JsonLines artifact spans many write buffers. */
  private static final int JSON_LINES_RECORDS = 10_000;

  ArtifactStore store;

  /** A store with nothing in it, for one test. */
  abstract ArtifactStore newEmptyStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newEmptyStore();
  }

  record Row(int id, String name, List<String> tags) {}

  static void put(ArtifactStore store, String key, String text) throws IOException {
    try (OutputStream out = store.openWrite(key)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String get(ArtifactStore store, String key) throws IOException {
    try (InputStream in = store.openRead(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void givenWrittenArtifact_whenRead_thenSameBytes() throws IOException {
    put(store, "runs/1/topics.jsonl", "héllo\n");

    assertThat(get(store, "runs/1/topics.jsonl")).isEqualTo("héllo\n");
  }

  @Test
  void givenArtifact_whenCopied_thenBothKeysHoldTheBytesAndTargetIsReplaced() throws IOException {
    put(store, "runs/1/manifest.jsonl", "new manifest\n");
    put(store, "current/manifest.jsonl", "old manifest, longer\n");

    store.copy("runs/1/manifest.jsonl", "current/manifest.jsonl");

    assertThat(get(store, "current/manifest.jsonl")).isEqualTo("new manifest\n");
    assertThat(get(store, "runs/1/manifest.jsonl")).isEqualTo("new manifest\n");
    assertThat(store.list("current")).containsExactly("current/manifest.jsonl");
  }

  @Test
  void givenCopy_whenTheSourceIsRewrittenOrDeleted_thenTheCopyKeepsItsBytes() throws IOException {
    put(store, "runs/1/manifest.jsonl", "run 1\n");
    store.copy("runs/1/manifest.jsonl", "current/manifest.jsonl");

    put(store, "runs/1/manifest.jsonl", "rewritten\n");
    assertThat(get(store, "current/manifest.jsonl")).isEqualTo("run 1\n");
    put(store, "current/manifest.jsonl", "current rewritten\n");
    assertThat(get(store, "runs/1/manifest.jsonl")).isEqualTo("rewritten\n");
    store.delete("runs/1/manifest.jsonl");
    assertThat(get(store, "current/manifest.jsonl")).isEqualTo("current rewritten\n");
  }

  @Test
  void givenArtifact_whenMoved_thenOnlyTheTargetRemains() throws IOException {
    put(store, "out/.staging/KafkaTopic.jsonl", "{}\n");

    store.move("out/.staging/KafkaTopic.jsonl", "out/KafkaTopic.jsonl");

    assertThat(get(store, "out/KafkaTopic.jsonl")).isEqualTo("{}\n");
    assertThat(store.exists("out/.staging/KafkaTopic.jsonl")).isFalse();
  }

  @Test
  void givenMissingArtifact_whenCopiedOrMoved_thenFileNotFoundAndTargetUntouched()
      throws IOException {
    put(store, "current/manifest.jsonl", "kept");

    assertThatThrownBy(() -> store.copy("runs/9/none.jsonl", "current/manifest.jsonl"))
        .isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> store.move("runs/9/none.jsonl", "current/manifest.jsonl"))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(get(store, "current/manifest.jsonl")).isEqualTo("kept");
  }

  @Test
  void givenArtifact_whenCopiedToLocalFile_thenFileHoldsTheBytes(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    put(store, "runs/1/topics.jsonl", "héllo\n");
    java.nio.file.Path target = dir.resolve("topics.jsonl");
    java.nio.file.Files.writeString(target, "stale and longer");

    store.copyTo("runs/1/topics.jsonl", target);

    assertThat(java.nio.file.Files.readString(target)).isEqualTo("héllo\n");
  }

  @Test
  void givenExistingArtifact_whenWrittenAgain_thenNewContentReplacesOld() throws IOException {
    put(store, "runs/1/a.txt", "first version, longer");

    put(store, "runs/1/a.txt", "second");

    assertThat(get(store, "runs/1/a.txt")).isEqualTo("second");
    assertThat(store.size("runs/1/a.txt")).isEqualTo(6);
  }

  @Test
  void givenOpenWrite_whenNotYetClosed_thenNothingVisibleUntilClose() throws IOException {
    put(store, "runs/1/old.txt", "old");
    OutputStream out = store.openWrite("runs/1/new.txt");
    out.write("partial".getBytes(StandardCharsets.UTF_8));
    out.flush();

    assertThat(store.exists("runs/1/new.txt")).isFalse();
    assertThat(store.list("runs/1")).containsExactly("runs/1/old.txt");

    out.close();
    assertThat(store.exists("runs/1/new.txt")).isTrue();
    assertThat(get(store, "runs/1/new.txt")).isEqualTo("partial");
  }

  @Test
  void givenOpenOverwrite_whenNotYetClosed_thenReadersStillSeeOldContent() throws IOException {
    put(store, "a.txt", "old");
    OutputStream out = store.openWrite("a.txt");
    out.write("new".getBytes(StandardCharsets.UTF_8));
    out.flush();

    assertThat(get(store, "a.txt")).isEqualTo("old");

    out.close();
    assertThat(get(store, "a.txt")).isEqualTo("new");
  }

  @Test
  void givenDraft_whenPublishedUnderAnotherKey_thenOnlyThatKeyHoldsTheBytes() throws IOException {
    put(store, "runs/1/topics.jsonl.part-00000-a1", "stale part");
    try (ArtifactStore.Draft draft = store.openDraft("runs/1/topics.jsonl")) {
      draft.out().write("part 0\n".getBytes(StandardCharsets.UTF_8));

      assertThat(store.list("runs/1")).containsExactly("runs/1/topics.jsonl.part-00000-a1");

      draft.publish("runs/1/topics.jsonl.part-00000-a1");
    }

    assertThat(get(store, "runs/1/topics.jsonl.part-00000-a1")).isEqualTo("part 0\n");
    assertThat(store.list("runs/1")).containsExactly("runs/1/topics.jsonl.part-00000-a1");
  }

  @Test
  void givenDraft_whenClosedWithoutPublishing_thenNothingIsVisible() throws IOException {
    try (ArtifactStore.Draft draft = store.openDraft("runs/1/topics.jsonl")) {
      draft.out().write("discarded".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(store.list("runs/1")).isEmpty();
    assertThat(store.exists("runs/1/topics.jsonl")).isFalse();
  }

  @Test
  void givenDraft_whenPublishedUnderAKeyEscapingTheStore_thenRejected() throws IOException {
    try (ArtifactStore.Draft draft = store.openDraft("runs/1/topics.jsonl")) {
      assertThatThrownBy(() -> draft.publish("../outside.txt"))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void givenKeysUnderSeveralPrefixes_whenListed_thenOnlyThatDirectorySorted() throws IOException {
    put(store, "runs/1/b.jsonl", "b");
    put(store, "runs/1/a.jsonl", "a");
    put(store, "runs/1/nested/c.jsonl", "c");
    put(store, "runs/10/d.jsonl", "d");
    put(store, "other.txt", "o");

    assertThat(store.list("runs/1"))
        .containsExactly("runs/1/a.jsonl", "runs/1/b.jsonl", "runs/1/nested/c.jsonl");
    assertThat(store.list("runs/1/")).isEqualTo(store.list("runs/1"));
    assertThat(store.list("runs/2")).isEmpty();
    assertThat(store.list(""))
        .containsExactly(
            "other.txt",
            "runs/1/a.jsonl",
            "runs/1/b.jsonl",
            "runs/1/nested/c.jsonl",
            "runs/10/d.jsonl");
  }

  @Test
  void givenArtifact_whenExistsAndSizeAsked_thenTrueAndByteCount() throws IOException {
    put(store, "x/y.bin", "12345");

    assertThat(store.exists("x/y.bin")).isTrue();
    assertThat(store.size("x/y.bin")).isEqualTo(5);
    assertThat(store.exists("x/missing.bin")).isFalse();
  }

  @Test
  void givenMissingArtifact_whenRead_thenFileNotFound() {
    assertThatThrownBy(() -> store.openRead("nope.txt")).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> store.size("nope.txt")).isInstanceOf(IOException.class);
  }

  @Test
  void givenArtifact_whenDeleted_thenGoneAndDeletingAgainIsHarmless() throws IOException {
    put(store, "d/e.txt", "e");

    store.delete("d/e.txt");

    assertThat(store.exists("d/e.txt")).isFalse();
    assertThat(store.list("d")).isEmpty();
    store.delete("d/e.txt");
  }

  @Test
  void givenKeyEscapingTheStore_whenUsed_thenRejected() {
    assertThatThrownBy(() -> store.openWrite("../outside.txt"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openRead("a/../../outside.txt"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenRecordsWrittenRaw_whenRead_thenSameBytesAsWrittenAsValuesAndNoMixing()
      throws IOException {
    List<Row> rows = List.of(new Row(1, "a", List.of("x")), new Row(2, "b\u00e9", List.of()));
    try (JsonLines.Writer<Row> values = JsonLines.writer(store, "runs/1/values.jsonl", MAPPER);
        JsonLines.Writer<Row> raw = JsonLines.writer(store, "runs/1/raw.jsonl", MAPPER)) {
      for (Row r : rows) {
        values.write(r);
        raw.writeRaw(MAPPER.writeValueAsBytes(r));
      }
      assertThatThrownBy(() -> raw.write(rows.get(0))).isInstanceOf(IllegalStateException.class);
    }

    assertThat(get(store, "runs/1/raw.jsonl")).isEqualTo(get(store, "runs/1/values.jsonl"));
  }

  @Test
  void givenTenThousandRecords_whenWrittenAsJsonLines_thenReadBackInOrder() throws IOException {
    ArtifactRef ref;
    try (JsonLines.Writer<Row> writer = JsonLines.writer(store, "runs/1/rows.jsonl", MAPPER)) {
      for (int i = 0; i < JSON_LINES_RECORDS; i++) {
        writer.write(new Row(i, "topic-" + i, List.of("t" + (i % 7))));
      }
      ref = writer.finish();
    }

    assertThat(ref.key()).isEqualTo("runs/1/rows.jsonl");
    assertThat(ref.records()).isEqualTo(JSON_LINES_RECORDS);
    assertThat(ref.bytes()).isEqualTo(store.size("runs/1/rows.jsonl"));
    List<Row> read = new ArrayList<>();
    long n = JsonLines.forEach(store, "runs/1/rows.jsonl", Row.class, MAPPER, read::add);
    assertThat(n).isEqualTo(JSON_LINES_RECORDS);
    assertThat(read.get(0)).isEqualTo(new Row(0, "topic-0", List.of("t0")));
    assertThat(read.get(JSON_LINES_RECORDS - 1).id()).isEqualTo(JSON_LINES_RECORDS - 1);
    assertThat(read).extracting(Row::id).isSorted();
    try (JsonLines.CloseableIterator<Row> it =
        JsonLines.iterate(store, "runs/1/rows.jsonl", Row.class, MAPPER)) {
      assertThat(it.next()).isEqualTo(read.get(0));
    }
  }
}
