package io.kcrawler.activities.kafka;

import java.util.ArrayList;
import java.util.List;

/** Splits a list into consecutive batches of at most {@code size} elements. */
final class Batches {
  private Batches() {}

  static <T> List<List<T>> of(List<T> items, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      batches.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return batches;
  }
}
