package io.kcrawler.activities.schemaregistry;

import io.kcrawler.model.schema.SchemaField;
import java.util.List;

/**
 * What a format's parser made of one schema: the fully qualified record name (Avro record, Protobuf
 * message, JSON Schema {@code title}), the flat field list, or the parser's error.
 */
record ParsedSchema(String recordName, List<SchemaField> fields, String error) {

  static ParsedSchema ok(String recordName, List<SchemaField> fields) {
    return new ParsedSchema(recordName, List.copyOf(fields), null);
  }

  static ParsedSchema failed(String error) {
    return new ParsedSchema(null, List.of(), error == null ? "unparseable schema" : error);
  }
}
