package io.kcrawler.activities.schemaregistry;

import io.kcrawler.model.schema.SchemaField;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects flattened fields with the path rules every format shares: nested fields join with {@code
 * .}, array items add {@code []}, map values {@code {}}, and a union or oneOf branch that is itself
 * a record or object adds {@code (BranchName)}.
 */
final class FieldCollector {
  /** Schemas nest deeper than this only by mistake (or recursion the guards missed). */
  static final int MAX_DEPTH = 32;

  private final String role;
  private final List<SchemaField> fields = new ArrayList<>();

  FieldCollector(String role) {
    this.role = role;
  }

  void add(
      String parentPath,
      String name,
      String type,
      boolean optional,
      String defaultValue,
      String doc,
      int order) {
    fields.add(
        new SchemaField(
            child(parentPath, name),
            name,
            type,
            optional,
            defaultValue,
            emptyToNull(doc),
            order,
            role));
  }

  List<SchemaField> fields() {
    return fields;
  }

  static String child(String parentPath, String name) {
    return parentPath.isEmpty() ? name : parentPath + "." + name;
  }

  static String items(String path) {
    return path + "[]";
  }

  static String values(String path) {
    return path + "{}";
  }

  static String branch(String path, String branchName) {
    return path + "(" + branchName + ")";
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
