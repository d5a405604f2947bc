package io.kcrawler.model;

/** File names of the artifacts one crawl writes, one JSON Lines file per kind. */
public final class ArtifactKinds {
  public static final String TOPICS = "topics.jsonl";
  public static final String TOPIC_CONFIGS = "topic-configs.jsonl";
  public static final String BROKERS = "brokers.jsonl";
  public static final String CONSUMER_GROUPS = "consumer-groups.jsonl";
  public static final String TOPIC_STATS = "topic-stats.jsonl";
  public static final String SCHEMA_SUBJECTS = "schema-subjects.jsonl";
  public static final String ACLS = "acls.jsonl";
  public static final String CLIENT_QUOTAS = "client-quotas.jsonl";

  /**
   * Written by publish from ACLS and TOPICS: who may read, write, describe each topic and group.
   */
  public static final String ACCESS_BY_RESOURCE = "access-by-resource.jsonl";

  /** The same, by principal. */
  public static final String ACCESS_BY_PRINCIPAL = "access-by-principal.jsonl";

  /** One JSON object (not JSON Lines): the registry's URL, global compatibility, subject count. */
  public static final String SCHEMA_REGISTRY = "schema-registry.json";

  public static final String WARNINGS = "warnings.jsonl";

  /**
   * Not a file: the publish phase returns the location of its output (a directory or a catalog URL)
   * under this key, as {@code ArtifactRef.key}.
   */
  public static final String OUTPUT = "output";

  private ArtifactKinds() {}
}
