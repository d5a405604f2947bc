package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaField;
import io.kcrawler.activities.catalog.AtlanModel.KafkaTopic;
import io.kcrawler.model.schema.SchemaField;
import java.util.Locale;

/**
 * The {@code KafkaField} asset: one field of a topic's key or value schema (the subject's latest
 * version), with the version that introduced it. Its qualifiedName follows Atlan's {@code
 * <topic>/field/<name>} (see {@link AtlanQualifiedNames#field}).
 */
final class KafkaFieldMapper {
  private KafkaFieldMapper() {}

  /**
   * @param role {@code KEY} or {@code VALUE}: which of the topic's schemas the field is in
   * @param versionIntroduced the first version with this field's path, or null
   */
  static AtlanEntity map(
      String connectionQn, String topic, String role, SchemaField f, Integer versionIntroduced) {
    String topicQn = AtlanQualifiedNames.topic(connectionQn, topic);
    return AtlanEntity.builder(
            KafkaField.TYPE,
            AtlanQualifiedNames.field(connectionQn, topic, role, f.path()),
            f.name(),
            connectionQn)
        .attr(AtlanModel.DESCRIPTION, f.doc())
        .attr(KafkaField.DATA_TYPE, f.type())
        .attr(KafkaField.IS_OPTIONAL, f.optional())
        .attr(KafkaField.DEFAULT_VALUE, f.defaultValue())
        .attr(KafkaField.ORDER, f.order())
        .attr(KafkaField.SCHEMA_TYPE, role.toLowerCase(Locale.ROOT))
        .attr(
            KafkaField.VERSION_INTRODUCED,
            versionIntroduced == null ? null : String.valueOf(versionIntroduced))
        .attr(KafkaField.TOPIC_QUALIFIED_NAME, topicQn)
        .rel(KafkaField.TOPIC, AtlanEntity.ref(KafkaTopic.TYPE, topicQn))
        .build();
  }
}
