package io.kcrawler.devkit.atlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A tenant's type system as Apache Atlas (Atlan's metastore) holds it, loaded from a typedef file
 * in the shape of {@code GET /api/meta/types/typedefs}, and the checks Atlas makes on an entity of
 * a bulk request: the type must exist; each attribute value must be valid for its declared type
 * (enums compared case-insensitively, arrays must be arrays, numbers numeric); attribute and
 * relationship names the type does not define are <em>not</em> refused but silently dropped, so
 * this class reports them separately for tests to assert that nothing was dropped.
 */
public final class AtlasTypeSystem {
  /** The bundled typedefs: Atlan's Kafka and Schema Registry model, as its SDKs define it. */
  public static final String BUNDLED = "/atlan/typedefs.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, ObjectNode> entityDefs = new LinkedHashMap<>();
  private final Map<String, ObjectNode> structDefs = new LinkedHashMap<>();
  private final Map<String, Set<String>> enumValues = new LinkedHashMap<>();
  private final Map<String, ObjectNode> enumDefs = new LinkedHashMap<>();

  private AtlasTypeSystem(JsonNode typedefs) {
    for (JsonNode e : typedefs.path("enumDefs")) {
      Set<String> values = new LinkedHashSet<>();
      e.path("elementDefs").forEach(v -> values.add(v.path("value").asText()));
      enumValues.put(e.path("name").asText(), values);
      enumDefs.put(e.path("name").asText(), (ObjectNode) e);
    }
    typedefs
        .path("structDefs")
        .forEach(s -> structDefs.put(s.path("name").asText(), (ObjectNode) s));
    typedefs
        .path("entityDefs")
        .forEach(s -> entityDefs.put(s.path("name").asText(), (ObjectNode) s));
  }

  /** The bundled type system: every type this crawler publishes, as a current tenant has it. */
  public static AtlasTypeSystem bundled() {
    try (InputStream in = AtlasTypeSystem.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is not on the class path");
      }
      return new AtlasTypeSystem(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AtlasTypeSystem of(JsonNode typedefs) {
    return new AtlasTypeSystem(typedefs);
  }

  /**
   * This type system without the named entity types, and without every attribute and relationship
   * that points at them: an older tenant, whose model predates those types.
   */
  public AtlasTypeSystem without(Collection<String> entityTypes) {
    ObjectNode copy = MAPPER.createObjectNode();
    ArrayNode enums = copy.putArray("enumDefs");
    enumDefs.values().forEach(enums::add);
    ArrayNode structs = copy.putArray("structDefs");
    structDefs.values().forEach(structs::add);
    ArrayNode entities = copy.putArray("entityDefs");
    Predicate<JsonNode> pointsAtRemoved =
        a -> entityTypes.contains(elementType(a.path("typeName").asText()));
    for (ObjectNode def : entityDefs.values()) {
      if (entityTypes.contains(def.path("name").asText())) {
        continue;
      }
      ObjectNode d = def.deepCopy();
      removeIf((ArrayNode) d.withArray("attributeDefs"), pointsAtRemoved);
      removeIf((ArrayNode) d.withArray("relationshipAttributeDefs"), pointsAtRemoved);
      entities.add(d);
    }
    return new AtlasTypeSystem(copy);
  }

  private static void removeIf(ArrayNode array, Predicate<JsonNode> test) {
    for (int i = array.size() - 1; i >= 0; i--) {
      if (test.test(array.get(i))) {
        array.remove(i);
      }
    }
  }

  public boolean hasEntityType(String name) {
    return entityDefs.containsKey(name);
  }

  /**
   * The answer of {@code GET /api/meta/types/typedef/name/{name}}, or null when the tenant has no
   * such type.
   */
  public ObjectNode typedef(String name) {
    ObjectNode def = entityDefs.get(name);
    String category = "ENTITY";
    if (def == null) {
      def = structDefs.get(name);
      category = "STRUCT";
    }
    if (def == null) {
      def = enumDefs.get(name);
      category = "ENUM";
    }
    if (def == null) {
      return null;
    }
    ObjectNode answer = def.deepCopy();
    answer.put("category", category);
    return answer;
  }

  /** One problem Atlas would find in an entity. */
  public record Violation(Kind kind, String typeName, String attribute, String detail) {
    /** What Atlas does about it. */
    public enum Kind {
      /** The whole request is refused with 400. */
      REFUSED,
      /** Accepted, and the attribute silently dropped. */
      DROPPED
    }

    @Override
    public String toString() {
      return kind + " " + typeName + (attribute == null ? "" : "." + attribute) + ": " + detail;
    }
  }

  /**
   * Checks one entity of a bulk request ({@code typeName}, {@code attributes}, {@code
   * relationshipAttributes}). Relationship targets are returned by {@link #references}, for the
   * caller to look up.
   */
  public List<Violation> validate(JsonNode entity) {
    List<Violation> out = new ArrayList<>();
    String type = entity.path("typeName").asText("");
    if (!entityDefs.containsKey(type)) {
      out.add(new Violation(Violation.Kind.REFUSED, type, null, "unknown type " + type));
      return out;
    }
    Map<String, JsonNode> attributes = attributeDefs(type);
    entity
        .path("attributes")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode def = attributes.get(f.getKey());
              if (def == null) {
                out.add(
                    new Violation(
                        Violation.Kind.DROPPED, type, f.getKey(), "attribute not in the type"));
                return;
              }
              String atlasType = def.path("typeName").asText();
              String problem = invalid(atlasType, f.getValue(), out, type);
              if (problem != null) {
                // Atlas's own wording (AtlasType.validateValue), then why.
                out.add(
                    new Violation(
                        Violation.Kind.REFUSED,
                        type,
                        f.getKey(),
                        type
                            + "."
                            + f.getKey()
                            + "="
                            + f.getValue()
                            + ": invalid value for type "
                            + atlasType
                            + " ("
                            + problem
                            + ")"));
              }
            });
    Map<String, JsonNode> relationships = relationshipDefs(type);
    entity
        .path("relationshipAttributes")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode def = relationships.get(f.getKey());
              if (def == null) {
                out.add(
                    new Violation(
                        Violation.Kind.DROPPED,
                        type,
                        f.getKey(),
                        "relationship attribute not in the type"));
                return;
              }
              String declared = def.path("typeName").asText();
              boolean many = declared.startsWith("array<");
              if (many != f.getValue().isArray()) {
                out.add(
                    new Violation(
                        Violation.Kind.REFUSED,
                        type,
                        f.getKey(),
                        (many ? "an array" : "one object id") + " expected"));
                return;
              }
              for (JsonNode ref : f.getValue().isArray() ? f.getValue() : List.of(f.getValue())) {
                String refType = ref.path("typeName").asText();
                if (!isA(refType, elementType(declared))) {
                  out.add(
                      new Violation(
                          Violation.Kind.REFUSED,
                          type,
                          f.getKey(),
                          refType + " is not a " + elementType(declared)));
                }
              }
            });
    return out;
  }

  /** The qualifiedNames an entity's relationship attributes point at. */
  public static List<String> references(JsonNode entity) {
    List<String> qns = new ArrayList<>();
    entity
        .path("relationshipAttributes")
        .forEach(
            rel -> {
              for (JsonNode ref : rel.isArray() ? rel : List.of(rel)) {
                qns.add(ref.path("uniqueAttributes").path("qualifiedName").asText());
              }
            });
    return qns;
  }

  /** Whether {@code type} is {@code target} or inherits from it. */
  public boolean isA(String type, String target) {
    if (type.equals(target)) {
      return true;
    }
    ObjectNode def = entityDefs.get(type);
    if (def == null) {
      return false;
    }
    for (JsonNode s : def.path("superTypes")) {
      if (isA(s.asText(), target)) {
        return true;
      }
    }
    return false;
  }

  /** Attribute definitions of a type, its supertypes' included. */
  public Map<String, JsonNode> attributeDefs(String type) {
    return collect(type, "attributeDefs", new LinkedHashMap<>());
  }

  /** Relationship attribute definitions of a type, its supertypes' included. */
  public Map<String, JsonNode> relationshipDefs(String type) {
    return collect(type, "relationshipAttributeDefs", new LinkedHashMap<>());
  }

  private Map<String, JsonNode> collect(String type, String field, Map<String, JsonNode> into) {
    ObjectNode def = entityDefs.get(type);
    if (def == null) {
      return into;
    }
    for (JsonNode s : def.path("superTypes")) {
      collect(s.asText(), field, into);
    }
    def.path(field).forEach(a -> into.put(a.path("name").asText(), a));
    return into;
  }

  private static String elementType(String typeName) {
    if (typeName.startsWith("array<") && typeName.endsWith(">")) {
      return typeName.substring(6, typeName.length() - 1);
    }
    return typeName;
  }

  /** Why {@code value} is not valid for the Atlas type {@code typeName}, or null when it is. */
  private String invalid(String typeName, JsonNode value, List<Violation> out, String owner) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (typeName.startsWith("array<")) {
      if (!value.isArray()) {
        return "an array of " + elementType(typeName) + " expected, got " + value.getNodeType();
      }
      for (JsonNode element : value) {
        String problem = invalid(elementType(typeName), element, out, owner);
        if (problem != null) {
          return "element: " + problem;
        }
      }
      return null;
    }
    if (typeName.startsWith("map<")) {
      return value.isObject() ? null : "an object expected, got " + value.getNodeType();
    }
    switch (typeName) {
      case "string":
        // Atlas turns any scalar into its string form; an object or array is refused.
        return value.isValueNode() ? null : "a string expected, got " + value.getNodeType();
      case "int", "long", "short", "byte":
        if (value.isIntegralNumber() || (value.isTextual() && isLong(value.asText()))) {
          return null;
        }
        return "an integer expected, got " + value;
      case "float", "double":
        if (value.isNumber() || (value.isTextual() && isDouble(value.asText()))) {
          return null;
        }
        return "a number expected, got " + value;
      case "boolean":
        if (value.isBoolean()
            || (value.isTextual()
                && List.of("true", "false").contains(value.asText().toLowerCase(Locale.ROOT)))) {
          return null;
        }
        return "a boolean expected, got " + value;
      case "date":
        return value.isIntegralNumber() || (value.isTextual() && isLong(value.asText()))
            ? null
            : "a date (epoch milliseconds) expected, got " + value;
      default:
        break;
    }
    Set<String> values = enumValues.get(typeName);
    if (values != null) {
      // Atlas looks enum values up case-insensitively.
      for (String v : values) {
        if (v.equalsIgnoreCase(value.asText())) {
          return value.isTextual() ? null : "an enum value expected, got " + value;
        }
      }
      return "invalid value " + value + " for enum " + typeName + " (one of " + values + ")";
    }
    ObjectNode struct = structDefs.get(typeName);
    if (struct != null) {
      if (!value.isObject()) {
        return "a " + typeName + " object expected, got " + value.getNodeType();
      }
      Map<String, JsonNode> defs = new LinkedHashMap<>();
      struct.path("attributeDefs").forEach(a -> defs.put(a.path("name").asText(), a));
      JsonNode attrs = value.has("attributes") ? value.path("attributes") : value;
      var it = attrs.fields();
      while (it.hasNext()) {
        var f = it.next();
        if (f.getKey().equals("typeName") && !value.has("attributes")) {
          continue;
        }
        JsonNode def = defs.get(f.getKey());
        if (def == null) {
          out.add(
              new Violation(
                  Violation.Kind.DROPPED,
                  owner,
                  typeName + "." + f.getKey(),
                  "struct attribute not in " + typeName));
          continue;
        }
        String problem = invalid(def.path("typeName").asText(), f.getValue(), out, owner);
        if (problem != null) {
          return typeName + "." + f.getKey() + ": " + problem;
        }
      }
      return null;
    }
    if (entityDefs.containsKey(typeName)) {
      return null; // an entity-typed attribute: checked as a reference elsewhere
    }
    return "attribute of undefined type " + typeName;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isDouble(String s) {
    try {
      Double.parseDouble(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
