package io.kcrawler.model;

/**
 * What every activity of one crawl receives: the validated request and where this run's artifacts
 * live. {@code artifactPrefix} is derived from the connection and run id, so a retried activity
 * writes to the same place and overwrites rather than duplicates.
 */
public record CrawlContext(
    String workflowId, String runId, CrawlRequest request, String artifactPrefix) {

  public String connectionId() {
    return request.connectionId();
  }

  /** The key of an artifact of this run, e.g. {@code connections/prod/runs/<run>/topics.jsonl}. */
  public String artifactKey(String fileName) {
    return artifactPrefix + "/" + fileName;
  }

  public static String prefixFor(String connectionId, String runId) {
    return "connections/" + connectionId + "/runs/" + runId;
  }
}
