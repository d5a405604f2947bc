package io.kcrawler.model;

/** Phase names as they appear in summaries, heartbeats, logs and metrics. */
public final class Phases {
  public static final String PREFLIGHT = "preflight";
  public static final String TOPICS = "topics";
  public static final String TOPIC_CONFIGS = "topic-configs";
  public static final String BROKERS = "brokers";
  public static final String CONSUMER_GROUPS = "consumer-groups";
  public static final String SCHEMAS = "schemas";
  public static final String PUBLISH = "publish";

  private Phases() {}
}
