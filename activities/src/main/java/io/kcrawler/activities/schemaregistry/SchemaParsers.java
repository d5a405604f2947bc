package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;

/** Picks the parser for a schema type (AVRO, JSON, PROTOBUF) and never throws. */
final class SchemaParsers {
  private final AvroSchemaParser avro;
  private final JsonSchemaParser json;
  private final ProtobufSchemaParser protobuf = new ProtobufSchemaParser();

  SchemaParsers(ObjectMapper mapper) {
    this.avro = new AvroSchemaParser(mapper);
    this.json = new JsonSchemaParser(mapper);
  }

  /**
   * Parses {@code schema}; the parser's error comes back in {@link ParsedSchema#error()}.
   *
   * @param references the schema's references, transitively, dependencies first
   */
  ParsedSchema parse(
      String schemaType, String schema, List<ResolvedReference> references, String role) {
    String type = schemaType == null ? "AVRO" : schemaType.toUpperCase(Locale.ROOT);
    try {
      return switch (type) {
        case "AVRO" -> avro.parse(schema, references, role);
        case "JSON" -> json.parse(schema, references, role);
        case "PROTOBUF" -> protobuf.parse(schema, references, role);
        default -> ParsedSchema.failed("unknown schema type " + schemaType);
      };
    } catch (RuntimeException | StackOverflowError e) {
      // A parser bug on one odd schema must not end the crawl.
      return ParsedSchema.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
