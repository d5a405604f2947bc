package io.kcrawler.model;

/** Task queue names shared by the workflow, workers and CLI. */
public final class TaskQueues {
  /** The SaaS worker's queue: workflows, and activities of crawls without a runtime. */
  public static final String CRAWLER = "kafka-crawler";

  private TaskQueues() {}

  /** A self-deployed runtime polls only its own queue, so cluster work stays in its network. */
  public static String runtime(String runtimeId) {
    return CRAWLER + "-sdr-" + runtimeId;
  }

  /**
   * The queue only one worker host polls: with a local artifact store, a crawl's activities after
   * preflight are pinned to the host that ran preflight, where its artifacts are.
   */
  public static String host(String baseQueue, String hostId) {
    return baseQueue + "-host-" + hostId;
  }

  /** The queue of the activities of a crawl: its runtime's, or the default one. */
  public static String activitiesFor(CrawlRequest request) {
    return request.runtimeId() == null ? CRAWLER : runtime(request.runtimeId());
  }
}
