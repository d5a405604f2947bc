package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.schema.SchemaField;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Avro field defaults are the schema's own JSON, whatever their shape. */
class AvroSchemaParserTest {
  private static final String SCHEMA =
      """
      {"type": "record", "name": "Order", "namespace": "shop", "fields": [
        {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
            {"name": "id", "type": "string"},
            {"name": "email", "type": ["null", "string"]},
            {"name": "tags", "type": {"type": "array", "items": ["null", "string"]}}]},
         "default": {"id": "unknown", "email": null, "tags": ["a", null]}},
        {"name": "note", "type": ["null", "string"], "default": null},
        {"name": "blob", "type": "bytes", "default": "\\u00ff"}
      ]}
      """;

  @Test
  void givenARecordDefaultHoldingNull_whenParsed_thenTheDefaultIsTheSchemasOwnJson() {
    List<SchemaField> fields =
        new AvroSchemaParser(new ObjectMapper()).parse(SCHEMA, List.of(), "value").fields();

    assertThat(defaultOf(fields, "customer"))
        .isEqualTo("{\"id\":\"unknown\",\"email\":null,\"tags\":[\"a\",null]}");
    assertThat(defaultOf(fields, "note")).isEqualTo("null");
    assertThat(defaultOf(fields, "blob")).isEqualTo("\"\u00ff\"");
  }

  @Test
  void givenTheSameSchema_whenParsedByTwoParsers_thenTheDefaultsAreEqual() {
    // A Java toString of Avro's null marker carries an identity hash: it would differ per worker.
    List<SchemaField> one =
        new AvroSchemaParser(new ObjectMapper()).parse(SCHEMA, List.of(), "value").fields();
    List<SchemaField> two =
        new AvroSchemaParser(new ObjectMapper()).parse(SCHEMA, List.of(), "value").fields();

    assertThat(one).isEqualTo(two);
  }

  private static String defaultOf(List<SchemaField> fields, String name) {
    return fields.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow()
        .defaultValue();
  }
}
