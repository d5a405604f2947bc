package io.kcrawler.activities.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The part of Atlan's asset model this crawler publishes: every type, attribute, value kind,
 * relationship and enum value it sends exists here and nowhere else. Taken by hand from Atlan's own
 * SDK (atlanhq/atlan-python {@code pyatlan/model/assets/} for names and value types, {@code
 * pyatlan/model/enums.py} for enum values, {@code pyatlan/model/structs.py} for structs); {@code
 * AtlanModelConformanceTest} checks it against the typedefs in the devkit's {@code
 * atlan/typedefs.json}, which carry the same facts in the shape Atlas serves them.
 *
 * <p>Attributes inherited from {@code Asset} (name, qualifiedName, connection, description, admins)
 * are listed on each type that uses them, so a type's list is what the mappers may set on it.
 */
public final class AtlanModel {
  private AtlanModel() {}

  /** How a value must be shaped on the wire, as Atlas checks it. */
  public enum Kind {
    STRING,
    /** Atlas {@code int} or {@code long}: a JSON number. */
    NUMBER,
    BOOLEAN,
    /** One value of {@link Attribute#enumValues()}. */
    ENUM,
    /** Atlas {@code array<string>} (a set or list): a JSON array, never one joined string. */
    STRING_ARRAY,
    /** Atlas {@code array<KafkaTopicConsumption>}: an array of struct objects. */
    STRUCT_ARRAY
  }

  /** One attribute: its wire name, value kind and, for enums, every value Atlan defines. */
  public record Attribute(String name, Kind kind, String atlasType, List<String> enumValues) {
    static Attribute string(String name) {
      return new Attribute(name, Kind.STRING, "string", List.of());
    }

    static Attribute number(String name) {
      return new Attribute(name, Kind.NUMBER, "long", List.of());
    }

    static Attribute integer(String name) {
      return new Attribute(name, Kind.NUMBER, "int", List.of());
    }

    static Attribute bool(String name) {
      return new Attribute(name, Kind.BOOLEAN, "boolean", List.of());
    }

    static Attribute strings(String name) {
      return new Attribute(name, Kind.STRING_ARRAY, "array<string>", List.of());
    }

    static Attribute enumOf(String name, AtlanEnum values) {
      return new Attribute(name, Kind.ENUM, values.name(), values.values());
    }

    static Attribute structs(String name, String struct) {
      return new Attribute(name, Kind.STRUCT_ARRAY, "array<" + struct + ">", List.of());
    }

    /** Whether {@code value} has the shape Atlas accepts for this attribute. */
    boolean accepts(Object value) {
      return switch (kind) {
        case STRING -> value instanceof String;
        case NUMBER -> value instanceof Long || value instanceof Integer;
        case BOOLEAN -> value instanceof Boolean;
        case ENUM -> value instanceof String s && enumValues.contains(s);
        case STRING_ARRAY ->
            value instanceof Collection<?> c && c.stream().allMatch(String.class::isInstance);
        case STRUCT_ARRAY ->
            value instanceof Collection<?> c && c.stream().allMatch(Map.class::isInstance);
      };
    }
  }

  /** An Atlan enum: its type name and every value, exactly as the SDK spells them. */
  public record AtlanEnum(String name, List<String> values) {}

  /** A relationship attribute: its name and the type of what it points at. */
  public record Relationship(String name, String targetType, boolean many) {}

  /** One asset type with the attributes and relationships this crawler sets on it. */
  public record AssetType(
      String name, List<Attribute> attributes, List<Relationship> relationships) {
    /** By identity: the model's constants are the only attributes there are. */
    boolean has(Attribute attribute) {
      for (Attribute a : attributes) {
        if (a == attribute) {
          return true;
        }
      }
      return false;
    }
  }

  // ---- enums (pyatlan/model/enums.py) ----

  public static final AtlanEnum CONSUMER_GROUP_STATE =
      new AtlanEnum(
          "KafkaConsumerGroupState",
          List.of("Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead"));
  public static final AtlanEnum CLEANUP_POLICY =
      new AtlanEnum("kafka_topic_cleanup_policy", List.of("compact", "delete"));
  public static final AtlanEnum COMPRESSION_TYPE =
      new AtlanEnum(
          "kafka_topic_compression_type",
          List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"));
  public static final AtlanEnum SCHEMA_TYPE =
      new AtlanEnum("SchemaRegistrySchemaType", List.of("AVRO", "JSON", "PROTOBUF"));
  public static final AtlanEnum SCHEMA_COMPATIBILITY =
      new AtlanEnum(
          "SchemaRegistrySchemaCompatibility",
          List.of(
              "BACKWARD",
              "BACKWARD_TRANSITIVE",
              "FORWARD",
              "FORWARD_TRANSITIVE",
              "FULL",
              "FULL_TRANSITIVE",
              "NONE"));

  /** {@code AtlanConnectionCategory.EVENT_BUS}, the category of {@code confluent-kafka}. */
  public static final String EVENT_BUS_CATEGORY = "eventbus";

  // ---- attributes every asset has (Asset / Referenceable) ----

  public static final Attribute QUALIFIED_NAME = Attribute.string("qualifiedName");
  public static final Attribute NAME = Attribute.string("name");
  public static final Attribute DESCRIPTION = Attribute.string("description");
  public static final Attribute CONNECTOR_NAME = Attribute.string("connectorName");
  public static final Attribute CONNECTION_QUALIFIED_NAME =
      Attribute.string("connectionQualifiedName");
  public static final Attribute CONNECTION_NAME = Attribute.string("connectionName");

  /** "Readme of this asset, as extracted from source": topics carry who may access them. */
  public static final Attribute ASSET_SOURCE_README = Attribute.string("assetSourceReadme");

  private static final List<Attribute> ASSET =
      List.of(
          QUALIFIED_NAME,
          NAME,
          DESCRIPTION,
          ASSET_SOURCE_README,
          CONNECTOR_NAME,
          CONNECTION_QUALIFIED_NAME,
          CONNECTION_NAME);

  /** {@code Connection} (pyatlan/model/assets/connection.py; admins inherited from Asset). */
  public static final class Connection {
    public static final String TYPE = "Connection";
    public static final Attribute CATEGORY = Attribute.string("category");
    public static final Attribute ADMIN_USERS = Attribute.strings("adminUsers");
    public static final Attribute ADMIN_GROUPS = Attribute.strings("adminGroups");
    public static final Attribute ADMIN_ROLES = Attribute.strings("adminRoles");
    static final AssetType DEF =
        type(TYPE, List.of(CATEGORY, ADMIN_USERS, ADMIN_GROUPS, ADMIN_ROLES), List.of());

    private Connection() {}
  }

  /** {@code KafkaCluster} (pyatlan/model/assets/kafka_cluster.py). */
  public static final class KafkaCluster {
    public static final String TYPE = "KafkaCluster";
    public static final Attribute TOPIC_COUNT = Attribute.number("kafkaTopicCount");
    public static final Attribute PARTITION_COUNT = Attribute.number("kafkaPartitionCount");
    public static final Attribute BROKER_COUNT = Attribute.number("kafkaBrokerCount");
    public static final Attribute BOOTSTRAP_SERVERS = Attribute.strings("kafkaBootstrapServers");
    public static final Attribute CLUSTER_TYPE = Attribute.string("kafkaClusterType");
    public static final Attribute SCHEMA_REGISTRY_URL = Attribute.string("kafkaSchemaRegistryUrl");
    public static final Attribute AUTHENTICATION_TYPE = Attribute.string("kafkaAuthenticationType");
    public static final Attribute ENVIRONMENT = Attribute.string("kafkaEnvironment");
    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                TOPIC_COUNT,
                PARTITION_COUNT,
                BROKER_COUNT,
                BOOTSTRAP_SERVERS,
                CLUSTER_TYPE,
                SCHEMA_REGISTRY_URL,
                AUTHENTICATION_TYPE,
                ENVIRONMENT),
            List.of());

    private KafkaCluster() {}
  }

  /** {@code KafkaTopic} (pyatlan/model/assets/kafka_topic.py). */
  public static final class KafkaTopic {
    public static final String TYPE = "KafkaTopic";
    public static final Attribute IS_INTERNAL = Attribute.bool("kafkaTopicIsInternal");
    public static final Attribute COMPRESSION_TYPE =
        Attribute.enumOf("kafkaTopicCompressionType", AtlanModel.COMPRESSION_TYPE);
    public static final Attribute REPLICATION_FACTOR =
        Attribute.number("kafkaTopicReplicationFactor");
    public static final Attribute SEGMENT_BYTES = Attribute.number("kafkaTopicSegmentBytes");
    public static final Attribute RETENTION_TIME_IN_MS =
        Attribute.number("kafkaTopicRetentionTimeInMs");
    public static final Attribute PARTITIONS_COUNT = Attribute.number("kafkaTopicPartitionsCount");
    public static final Attribute SIZE_IN_BYTES = Attribute.number("kafkaTopicSizeInBytes");
    public static final Attribute RECORD_COUNT = Attribute.number("kafkaTopicRecordCount");
    public static final Attribute CLEANUP_POLICY =
        Attribute.enumOf("kafkaTopicCleanupPolicy", AtlanModel.CLEANUP_POLICY);
    public static final Attribute LOG_CLEANUP_POLICY =
        Attribute.string("kafkaTopicLogCleanupPolicy");
    public static final Attribute IS_SCHEMA_MANAGED = Attribute.bool("kafkaTopicIsSchemaManaged");
    public static final Attribute CONSUMER_COUNT = Attribute.number("kafkaTopicConsumerCount");
    public static final Attribute RETENTION_BYTES = Attribute.number("kafkaTopicRetentionBytes");
    public static final Attribute SCHEMA_REGISTRY_SUBJECT_NAME =
        Attribute.string("kafkaTopicSchemaRegistrySubjectName");
    public static final Attribute CLUSTER_QUALIFIED_NAME =
        Attribute.string("kafkaTopicClusterQualifiedName");
    public static final Relationship CLUSTER =
        new Relationship("kafkaCluster", KafkaCluster.TYPE, false);
    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                IS_INTERNAL,
                COMPRESSION_TYPE,
                REPLICATION_FACTOR,
                SEGMENT_BYTES,
                RETENTION_TIME_IN_MS,
                PARTITIONS_COUNT,
                SIZE_IN_BYTES,
                RECORD_COUNT,
                CLEANUP_POLICY,
                LOG_CLEANUP_POLICY,
                IS_SCHEMA_MANAGED,
                CONSUMER_COUNT,
                RETENTION_BYTES,
                SCHEMA_REGISTRY_SUBJECT_NAME,
                CLUSTER_QUALIFIED_NAME),
            List.of(CLUSTER));

    private KafkaTopic() {}
  }

  /** {@code KafkaConsumerGroup} (pyatlan/model/assets/kafka_consumer_group.py). */
  public static final class KafkaConsumerGroup {
    public static final String TYPE = "KafkaConsumerGroup";
    public static final Attribute MEMBER_COUNT = Attribute.number("kafkaConsumerGroupMemberCount");
    public static final Attribute TOPIC_NAMES = Attribute.strings("kafkaTopicNames");
    public static final Attribute TOPIC_QUALIFIED_NAMES =
        Attribute.strings("kafkaTopicQualifiedNames");
    public static final Attribute STATE =
        Attribute.enumOf("kafkaConsumerGroupState", CONSUMER_GROUP_STATE);
    public static final Attribute ASSIGNED_PARTITIONS =
        Attribute.strings("kafkaConsumerGroupAssignedPartitions");

    /**
     * {@code KafkaTopicConsumption} (pyatlan/model/structs.py): topicName, topicPartition (a
     * string), topicLag, topicCurrentOffset.
     */
    public static final Attribute TOPIC_CONSUMPTION_PROPERTIES =
        Attribute.structs("kafkaConsumerGroupTopicConsumptionProperties", "KafkaTopicConsumption");

    public static final String CONSUMPTION_STRUCT = "KafkaTopicConsumption";
    public static final Relationship TOPICS =
        new Relationship("kafkaTopics", KafkaTopic.TYPE, true);
    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                MEMBER_COUNT,
                TOPIC_NAMES,
                TOPIC_QUALIFIED_NAMES,
                STATE,
                ASSIGNED_PARTITIONS,
                TOPIC_CONSUMPTION_PROPERTIES),
            List.of(TOPICS));

    private KafkaConsumerGroup() {}
  }

  /** {@code SchemaRegistrySubject} (pyatlan/model/assets/schema_registry_subject.py). */
  public static final class SchemaRegistrySubject {
    public static final String TYPE = "SchemaRegistrySubject";
    public static final Attribute BASE_NAME = Attribute.string("schemaRegistrySubjectBaseName");
    public static final Attribute IS_KEY_SCHEMA =
        Attribute.bool("schemaRegistrySubjectIsKeySchema");
    public static final Attribute SCHEMA_COMPATIBILITY =
        Attribute.enumOf(
            "schemaRegistrySubjectSchemaCompatibility", AtlanModel.SCHEMA_COMPATIBILITY);
    public static final Attribute LATEST_SCHEMA_VERSION =
        Attribute.string("schemaRegistrySubjectLatestSchemaVersion");
    public static final Attribute LATEST_SCHEMA_DEFINITION =
        Attribute.string("schemaRegistrySubjectLatestSchemaDefinition");
    public static final Attribute GOVERNING_ASSET_QUALIFIED_NAMES =
        Attribute.strings("schemaRegistrySubjectGoverningAssetQualifiedNames");

    /** From the SchemaRegistry supertype. */
    public static final Attribute SCHEMA_TYPE =
        Attribute.enumOf("schemaRegistrySchemaType", AtlanModel.SCHEMA_TYPE);

    /** From the SchemaRegistry supertype; a string in Atlan's model. */
    public static final Attribute SCHEMA_ID = Attribute.string("schemaRegistrySchemaId");

    /** The assets (topics) this subject's schema governs; their side is schemaRegistrySubjects. */
    public static final Relationship ASSETS = new Relationship("assets", "Asset", true);

    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                BASE_NAME,
                IS_KEY_SCHEMA,
                SCHEMA_COMPATIBILITY,
                LATEST_SCHEMA_VERSION,
                LATEST_SCHEMA_DEFINITION,
                GOVERNING_ASSET_QUALIFIED_NAMES,
                SCHEMA_TYPE,
                SCHEMA_ID),
            List.of(ASSETS));

    private SchemaRegistrySubject() {}
  }

  /** {@code SchemaRegistryVersion} (pyatlan/model/assets/schema_registry_version.py). */
  public static final class SchemaRegistryVersion {
    public static final String TYPE = "SchemaRegistryVersion";
    public static final Attribute NUMBER = Attribute.string("schemaRegistryVersionNumber");
    public static final Attribute SCHEMA_DEFINITION =
        Attribute.string("schemaRegistryVersionSchemaDefinition");
    public static final Attribute VERSION_SCHEMA_TYPE =
        Attribute.enumOf("schemaRegistryVersionSchemaType", AtlanModel.SCHEMA_TYPE);
    public static final Attribute SUBJECT_QUALIFIED_NAME =
        Attribute.string("schemaRegistrySubjectQualifiedName");
    public static final Attribute SCHEMA_TYPE = SchemaRegistrySubject.SCHEMA_TYPE;
    public static final Attribute SCHEMA_ID = SchemaRegistrySubject.SCHEMA_ID;
    public static final Relationship SUBJECT =
        new Relationship("schemaRegistrySubject", SchemaRegistrySubject.TYPE, false);
    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                NUMBER,
                SCHEMA_DEFINITION,
                VERSION_SCHEMA_TYPE,
                SUBJECT_QUALIFIED_NAME,
                SCHEMA_TYPE,
                SCHEMA_ID),
            List.of(SUBJECT));

    private SchemaRegistryVersion() {}
  }

  /** {@code KafkaField} (pyatlan/model/assets/kafka_field.py). */
  public static final class KafkaField {
    public static final String TYPE = "KafkaField";
    public static final Attribute DATA_TYPE = Attribute.string("kafkaFieldDataType");
    public static final Attribute IS_OPTIONAL = Attribute.bool("kafkaFieldIsOptional");
    public static final Attribute DEFAULT_VALUE = Attribute.string("kafkaFieldDefaultValue");
    public static final Attribute VERSION_INTRODUCED =
        Attribute.string("kafkaFieldVersionIntroduced");
    public static final Attribute ORDER = Attribute.integer("kafkaFieldOrder");
    public static final Attribute TOPIC_QUALIFIED_NAME =
        Attribute.string("kafkaTopicQualifiedName");

    /**
     * Free text in Atlan's model; we say which schema of the topic: {@code key} or {@code value}.
     */
    public static final Attribute SCHEMA_TYPE = Attribute.string("kafkaFieldSchemaType");

    public static final Relationship TOPIC = new Relationship("kafkaTopic", KafkaTopic.TYPE, false);
    static final AssetType DEF =
        type(
            TYPE,
            List.of(
                DATA_TYPE,
                IS_OPTIONAL,
                DEFAULT_VALUE,
                VERSION_INTRODUCED,
                ORDER,
                TOPIC_QUALIFIED_NAME,
                SCHEMA_TYPE),
            List.of(TOPIC));

    private KafkaField() {}
  }

  private static AssetType type(
      String name, List<Attribute> own, List<Relationship> relationships) {
    List<Attribute> all = new ArrayList<>(ASSET);
    all.addAll(own);
    return new AssetType(name, List.copyOf(all), relationships);
  }

  /**
   * Every type publish sends, in the order it sends them (referenced before referencing). A holder
   * class, so that touching one type's constants first does not build this list half-initialised.
   */
  private static final class Registry {
    static final List<AssetType> ALL =
        List.of(
            Connection.DEF,
            KafkaCluster.DEF,
            KafkaTopic.DEF,
            SchemaRegistrySubject.DEF,
            SchemaRegistryVersion.DEF,
            KafkaField.DEF,
            KafkaConsumerGroup.DEF);
  }

  /** Every type publish sends, in the order it sends them (referenced before referencing). */
  public static List<AssetType> all() {
    return Registry.ALL;
  }

  /**
   * The supertypes of {@link #all()} in Atlan's model, where inherited attributes (name,
   * description, connection, admins) are defined: read with the types in one round.
   */
  public static final List<String> SUPERTYPES =
      List.of("Referenceable", "Asset", "Catalog", "EventStore", "Kafka", "SchemaRegistry");

  /** The names of {@link #all()}. */
  public static List<String> typeNames() {
    return all().stream().map(AssetType::name).toList();
  }

  /** The types of a crawl's assets: all but the Connection, which publish handles on its own. */
  public static List<String> crawlTypes() {
    return typeNames().subList(1, all().size());
  }

  static AssetType type(String name) {
    for (AssetType t : all()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("not a type of Atlan's model we publish: " + name);
  }
}
