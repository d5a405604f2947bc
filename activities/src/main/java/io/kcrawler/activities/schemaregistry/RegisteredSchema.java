package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kcrawler.model.schema.SchemaReference;
import java.util.List;

/**
 * One subject version as the registry returns it from {@code GET /schemas} and {@code GET
 * /subjects/{s}/versions/{v}}. Confluent omits {@code schemaType} for Avro and {@code references}
 * when there are none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredSchema(
    String subject,
    int version,
    int id,
    String schemaType,
    List<SchemaReference> references,
    String schema) {

  public String type() {
    return schemaType == null || schemaType.isBlank() ? "AVRO" : schemaType;
  }

  public List<SchemaReference> refs() {
    return references == null ? List.of() : references;
  }
}
