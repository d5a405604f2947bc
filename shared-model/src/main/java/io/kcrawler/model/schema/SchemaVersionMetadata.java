package io.kcrawler.model.schema;

import java.util.List;

/**
 * One version of a subject: registry id, type (AVRO, JSON, PROTOBUF), the schema text, its
 * references, and the fields parsed from it; {@code parseError} is the parser's message when the
 * schema could not be parsed (then {@code fields} is empty).
 */
public record SchemaVersionMetadata(
    int version,
    int schemaId,
    String schemaType,
    String schema,
    List<SchemaReference> references,
    boolean deleted,
    List<SchemaField> fields,
    String parseError) {}
