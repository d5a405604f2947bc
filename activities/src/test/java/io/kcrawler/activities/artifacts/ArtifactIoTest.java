package io.kcrawler.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArtifactIoTest {

  @Test
  void givenTasksThatWaitForEachOther_whenRunTogether_thenTheyRunSideBySide() throws IOException {
    CountDownLatch both = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ArtifactIo.Task meet =
        () -> {
          threads.add(Thread.currentThread().getName());
          both.countDown();
          try {
            // Only returns early if the other task runs at the same time.
            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        };

    ArtifactIo.all(List.of(meet, meet));

    assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("kcrawler-artifact-io-"));
  }

  @Test
  void givenOneTaskFailingWithIoException_whenAllRun_thenThatExceptionAfterTheOthersFinished() {
    IOException broken = new IOException("topics.jsonl: unexpected end of input");
    boolean[] otherDone = {false};

    assertThatThrownBy(
            () ->
                ArtifactIo.all(
                    List.of(
                        () -> {
                          throw broken;
                        },
                        () -> {
                          try {
                            Thread.sleep(50);
                          } catch (InterruptedException e) {
                            throw new IOException(e);
                          }
                          otherDone[0] = true;
                        })))
        .isSameAs(broken);
    assertThat(otherDone[0]).isTrue();
  }

  @Test
  void givenATaskFailingWithRuntimeException_whenAwaited_thenRethrownUnchanged() {
    IllegalStateException bug = new IllegalStateException("bug");

    assertThatThrownBy(
            () ->
                ArtifactIo.await(
                    ArtifactIo.start(
                        () -> {
                          throw bug;
                        })))
        .isSameAs(bug);
  }
}
