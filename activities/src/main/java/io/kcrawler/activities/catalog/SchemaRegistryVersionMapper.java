package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.SchemaRegistrySubject;
import io.kcrawler.activities.catalog.AtlanModel.SchemaRegistryVersion;
import io.kcrawler.model.schema.SchemaVersionMetadata;

/** The {@code SchemaRegistryVersion} asset: one registered version of a subject's schema. */
final class SchemaRegistryVersionMapper {
  private SchemaRegistryVersionMapper() {}

  static AtlanEntity map(String connectionQn, String subject, SchemaVersionMetadata v) {
    String subjectQn = AtlanQualifiedNames.subject(connectionQn, subject);
    String schemaType = AtlanEnumValues.schemaType(v.schemaType());
    return AtlanEntity.builder(
            SchemaRegistryVersion.TYPE,
            AtlanQualifiedNames.subjectVersion(connectionQn, subject, v.version()),
            subject + " v" + v.version(),
            connectionQn)
        .attr(SchemaRegistryVersion.NUMBER, String.valueOf(v.version()))
        .attr(SchemaRegistryVersion.SCHEMA_DEFINITION, v.schema())
        .attr(SchemaRegistryVersion.VERSION_SCHEMA_TYPE, schemaType)
        .attr(SchemaRegistryVersion.SCHEMA_TYPE, schemaType)
        .attr(SchemaRegistryVersion.SCHEMA_ID, String.valueOf(v.schemaId()))
        .attr(SchemaRegistryVersion.SUBJECT_QUALIFIED_NAME, subjectQn)
        .rel(SchemaRegistryVersion.SUBJECT, AtlanEntity.ref(SchemaRegistrySubject.TYPE, subjectQn))
        .build();
  }
}
