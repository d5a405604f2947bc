package io.kcrawler.model.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A topic's traffic over {@code window} (an ISO-8601 interval, {@code start/end}), from Confluent
 * Cloud's Metrics API: bytes and records producers wrote, bytes consumers read. A count is null
 * when its query failed; 0 when the API knows the topic and counted nothing in the window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopicActivity(
    String window, Long receivedBytes, Long receivedRecords, Long sentBytes) {

  /**
   * True when nothing was written and nothing read in the window, false when something was, null
   * when a count is missing and it cannot be told. Derived: written for readers of the raw output.
   */
  @JsonProperty(value = "idle", access = JsonProperty.Access.READ_ONLY)
  public Boolean idle() {
    if (receivedBytes == null || receivedRecords == null || sentBytes == null) {
      boolean active =
          (receivedBytes != null && receivedBytes > 0)
              || (receivedRecords != null && receivedRecords > 0)
              || (sentBytes != null && sentBytes > 0);
      return active ? false : null;
    }
    return receivedBytes == 0 && receivedRecords == 0 && sentBytes == 0;
  }
}
