package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderedHandoffTest {

  @Test
  void givenMoreItemsThanTheQueueHolds_whenHandedOver_thenConsumedInOrderOnAnotherThread()
      throws IOException {
    List<Integer> seen = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    int items = OrderedHandoff.DEPTH * 3 + 7;
    try (OrderedHandoff<Integer> handoff =
        new OrderedHandoff<>(
            "test-consumer",
            i -> {
              seen.add(i);
              if (threads.isEmpty()) {
                threads.add(Thread.currentThread().getName());
              }
            })) {
      for (int i = 0; i < items; i++) {
        handoff.put(i);
      }
      handoff.finish();
    }

    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, items).boxed().toList());
    assertThat(threads).containsExactly("test-consumer");
  }

  @Test
  void givenConsumerThrowsIoException_whenProducerGoesOn_thenTheSameExceptionSurfaces() {
    IOException boom = new IOException("sink refused batch 3");
    OrderedHandoff<Integer> handoff =
        new OrderedHandoff<>(
            "test-consumer",
            i -> {
              if (i == 3) {
                throw boom;
              }
            });

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < OrderedHandoff.DEPTH * 4; i++) {
                handoff.put(i);
              }
              handoff.finish();
            })
        .isSameAs(boom);
    handoff.close();
  }

  @Test
  void givenConsumerThrowsRuntimeException_whenFinished_thenRethrownUnchanged() {
    IllegalStateException cancelled = new IllegalStateException("activity cancelled");
    OrderedHandoff<Integer> handoff =
        new OrderedHandoff<>(
            "test-consumer",
            i -> {
              throw cancelled;
            });

    // The consumer may fail before put returns (put checks after the offer) or only by finish:
    // both are the documented surfacing points, so the test accepts either.
    assertThatThrownBy(
            () -> {
              handoff.put(1);
              handoff.finish();
            })
        .isSameAs(cancelled);
    handoff.close();
  }

  @Test
  void givenProducerFailsBeforeFinish_whenClosed_thenConsumerThreadStops()
      throws IOException, InterruptedException {
    OrderedHandoff<Integer> handoff = new OrderedHandoff<>("test-consumer-stop", i -> {});
    handoff.put(1);

    handoff.close();

    Thread.sleep(50);
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("test-consumer-stop"))
                .filter(Thread::isAlive))
        .isEmpty();
  }
}
