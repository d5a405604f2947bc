package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Heartbeat details of a long activity: the phase, how far it got, and the index of the last
 * completed batch so a retry resumes after it instead of starting over. A phase that writes its
 * artifact in parts adds the {@link Checkpoint} it last made durable (absent otherwise, so details
 * without one keep the shape older workers read; unknown fields are ignored for the same reason). A
 * phase with several batches in flight adds those that completed ahead of the last one in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProgressDetails(
    String phase,
    long done,
    long total,
    int completedBatches,
    Checkpoint checkpoint,
    List<Integer> completedAhead) {

  public ProgressDetails(String phase, long done, long total, int completedBatches) {
    this(phase, done, total, completedBatches, null, null);
  }

  public ProgressDetails(
      String phase, long done, long total, int completedBatches, Checkpoint checkpoint) {
    this(phase, done, total, completedBatches, checkpoint, null);
  }

  /**
   * Batches after {@code completedBatches} that also completed, when a phase sends several batches
   * at once (publish): a retry skips them as well. Null (absent) otherwise.
   */
  public List<Integer> completedAheadOrEmpty() {
    return completedAhead == null ? List.of() : completedAhead;
  }

  /**
   * What a chunked phase has stored durably: a retry that finds every part skips the batches behind
   * them and carries on with the counts they produced.
   *
   * @param batches batches whose records are in {@code parts}
   * @param done items of those batches (a phase reading a fixed input resumes after as many)
   * @param lastKey the last topic or group of those batches (a phase that lists live resources
   *     resumes after it); null for a phase that resumes by {@code done}
   * @param parts artifact keys of the complete parts, in order
   * @param soFar counts, warnings and denied operations of those batches, as the phase would return
   *     them
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Checkpoint(
      int batches, long done, String lastKey, List<String> parts, PhaseResult soFar) {
    public Checkpoint {
      parts = List.copyOf(parts);
    }
  }
}
