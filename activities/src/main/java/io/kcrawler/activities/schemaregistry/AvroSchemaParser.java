package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.util.internal.Accessor;

/**
 * Flattens Avro schemas with Apache Avro's own parser. References are named types defined in other
 * subjects: they are parsed first into the same parser, as Confluent's serializers do.
 */
final class AvroSchemaParser {
  private final ObjectMapper mapper;

  AvroSchemaParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ParsedSchema parse(String text, List<ResolvedReference> references, String role) {
    Schema root;
    try {
      Schema.Parser parser = new Schema.Parser();
      for (ResolvedReference ref : references) {
        parser.parse(ref.schema());
      }
      root = parser.parse(text);
    } catch (RuntimeException e) {
      return ParsedSchema.failed(e.getMessage());
    }
    FieldCollector fields = new FieldCollector(role);
    descend(root, "", fields, new ArrayDeque<>(), 0);
    return ParsedSchema.ok(isNamed(root) ? root.getFullName() : null, fields.fields());
  }

  private void record(
      Schema record, String path, FieldCollector out, Deque<String> stack, int depth) {
    for (Schema.Field f : record.getFields()) {
      Schema schema = f.schema();
      Schema effective = nonNullBranch(schema);
      boolean optional = schema.getType() == Schema.Type.UNION && schema.isNullable();
      out.add(path, f.name(), typeName(effective), optional, defaultValue(f), f.doc(), f.pos());
      descend(effective, FieldCollector.child(path, f.name()), out, stack, depth + 1);
    }
  }

  private void descend(Schema s, String path, FieldCollector out, Deque<String> stack, int depth) {
    if (depth > FieldCollector.MAX_DEPTH) {
      return;
    }
    switch (s.getType()) {
      case RECORD -> {
        // A recursive type (a linked list, a tree) is listed once, not unrolled forever.
        if (stack.contains(s.getFullName())) {
          return;
        }
        stack.push(s.getFullName());
        record(s, path, out, stack, depth);
        stack.pop();
      }
      case ARRAY ->
          descend(
              nonNullBranch(s.getElementType()), FieldCollector.items(path), out, stack, depth + 1);
      case MAP ->
          descend(
              nonNullBranch(s.getValueType()), FieldCollector.values(path), out, stack, depth + 1);
      case UNION -> {
        for (Schema branch : s.getTypes()) {
          if (branch.getType() == Schema.Type.RECORD) {
            descend(branch, FieldCollector.branch(path, branch.getName()), out, stack, depth + 1);
          } else if (branch.getType() == Schema.Type.ARRAY || branch.getType() == Schema.Type.MAP) {
            descend(branch, path, out, stack, depth + 1);
          }
        }
      }
      default -> {}
    }
  }

  /** {@code ["null", X]} is how Avro spells an optional X. */
  private static Schema nonNullBranch(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    List<Schema> nonNull =
        s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    return nonNull.size() == 1 ? nonNull.get(0) : s;
  }

  static String typeName(Schema s) {
    return switch (s.getType()) {
      case RECORD -> "record:" + s.getFullName();
      case ENUM -> "enum:" + s.getFullName();
      case FIXED -> "fixed:" + s.getFullName() + logical(s);
      case ARRAY -> "array<" + typeName(nonNullBranch(s.getElementType())) + ">";
      case MAP -> "map<" + typeName(nonNullBranch(s.getValueType())) + ">";
      case UNION ->
          "union<"
              + String.join(",", s.getTypes().stream().map(AvroSchemaParser::typeName).toList())
              + ">";
      default -> s.getType().getName() + logical(s);
    };
  }

  private static String logical(Schema s) {
    LogicalType lt = s.getLogicalType();
    if (lt == null) {
      return "";
    }
    if (lt instanceof LogicalTypes.Decimal d) {
      return ":decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    return ":" + lt.getName();
  }

  private static boolean isNamed(Schema s) {
    return switch (s.getType()) {
      case RECORD, ENUM, FIXED -> true;
      default -> false;
    };
  }

  /**
   * The default as the schema wrote it. Avro's {@code defaultVal()} is its Java reading of the
   * default: a record default becomes a Map holding Avro's null marker (whose toString carries an
   * identity hash) and union members are coerced to the first branch, so the JSON node Avro stores
   * is read instead (Avro keeps no other public accessor for it since 1.9).
   */
  private String defaultValue(Schema.Field f) {
    if (!f.hasDefaultValue()) {
      return null;
    }
    JsonNode node = Accessor.defaultValue(f);
    if (node == null || node.isNull()) {
      return "null";
    }
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }
}
