package io.kcrawler.activities.catalog;

/**
 * The qualifiedName scheme of every asset this crawler publishes. Names are built from the
 * connection's qualifiedName down, so they are stable across crawls and unique per connection:
 *
 * <pre>
 * connection              default/confluent-kafka/&lt;epoch&gt;            (epoch stable per connection)
 * KafkaCluster            &lt;connection&gt;/cluster/&lt;clusterId&gt;
 * KafkaTopic              &lt;connection&gt;/topic/&lt;topic&gt;                 (Atlan SDK convention)
 * KafkaConsumerGroup      &lt;connection&gt;/consumer-group/&lt;group&gt;        (Atlan SDK convention)
 * SchemaRegistrySubject   &lt;connection&gt;/schema-registry/subject/&lt;subject&gt;
 * SchemaRegistryVersion   &lt;connection&gt;/schema-registry/subject/&lt;subject&gt;/version/&lt;n&gt;
 * KafkaField              &lt;connection&gt;/topic/&lt;topic&gt;/field/&lt;field path&gt;      (Atlan SDK convention; a
 *                         key schema's field path is prefixed {@code key:})
 * </pre>
 *
 * Brokers are not assets (Atlan's model has no broker type); their count and addresses are
 * attributes of the cluster. Field paths are dotted from the schema root ({@code
 * customer.address.street}, arrays {@code []}, maps {@code {}}), so a field is unique per topic and
 * per key or value schema.
 */
public final class AtlanQualifiedNames {
  /** Atlan's connector name for Kafka crawled through the Kafka protocol. */
  public static final String CONNECTOR_NAME = "confluent-kafka";

  private AtlanQualifiedNames() {}

  public static String connection(long epochSeconds) {
    return "default/" + CONNECTOR_NAME + "/" + epochSeconds;
  }

  public static String cluster(String connectionQn, String clusterId) {
    return connectionQn + "/cluster/" + clusterId;
  }

  public static String topic(String connectionQn, String topic) {
    return connectionQn + "/topic/" + topic;
  }

  public static String consumerGroup(String connectionQn, String groupId) {
    return connectionQn + "/consumer-group/" + groupId;
  }

  public static String subject(String connectionQn, String subject) {
    return connectionQn + "/schema-registry/subject/" + subject;
  }

  public static String subjectVersion(String connectionQn, String subject, int version) {
    return subject(connectionQn, subject) + "/version/" + version;
  }

  public static String field(String connectionQn, String topic, String role, String path) {
    String segment = path.replace("/", "%2F");
    return topic(connectionQn, topic)
        + "/field/"
        + ("KEY".equalsIgnoreCase(role) ? KEY_FIELD_PREFIX + segment : segment);
  }

  /** Marks a field of the topic's key schema, so it stays distinct from a value field. */
  static final String KEY_FIELD_PREFIX = "key:";
}
