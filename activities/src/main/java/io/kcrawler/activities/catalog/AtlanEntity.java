package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One asset in the shape of an entity of Atlan's bulk entity API ({@code POST
 * /api/meta/entity/bulk}): {@code {"typeName":…,"attributes":{…},"relationshipAttributes":{…}}}.
 * Related assets are referenced by {@code uniqueAttributes.qualifiedName}, never by GUID, so a
 * publish is idempotent by qualifiedName.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AtlanEntity(
    String typeName, Map<String, Object> attributes, Map<String, Object> relationshipAttributes) {

  public AtlanEntity {
    attributes = attributes == null ? Map.of() : attributes;
    relationshipAttributes = relationshipAttributes == null ? Map.of() : relationshipAttributes;
  }

  @JsonIgnore
  public String qualifiedName() {
    return (String) attributes.get("qualifiedName");
  }

  /** A relationship reference to another asset by its qualifiedName. */
  public static Map<String, Object> ref(String typeName, String qualifiedName) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("typeName", typeName);
    ref.put("uniqueAttributes", Map.of("qualifiedName", qualifiedName));
    return java.util.Collections.unmodifiableMap(ref);
  }

  static Builder builder(String typeName, String qualifiedName, String name, String connectionQn) {
    return new Builder(typeName)
        .attr("qualifiedName", qualifiedName)
        .attr("name", name)
        .attr("connectionQualifiedName", connectionQn)
        .attr("connectorName", AtlanQualifiedNames.CONNECTOR_NAME);
  }

  /** Collects attributes in insertion order, skipping nulls, so the JSON is stable for hashing. */
  static final class Builder {
    private final String typeName;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Object> relationships = new LinkedHashMap<>();

    private Builder(String typeName) {
      this.typeName = typeName;
    }

    Builder attr(String name, Object value) {
      if (value != null) {
        attributes.put(name, value);
      }
      return this;
    }

    Builder rel(String name, Map<String, Object> ref) {
      relationships.put(name, ref);
      return this;
    }

    Builder rel(String name, List<Map<String, Object>> refs) {
      if (!refs.isEmpty()) {
        relationships.put(name, refs);
      }
      return this;
    }

    AtlanEntity build() {
      return new AtlanEntity(
          typeName,
          java.util.Collections.unmodifiableMap(attributes),
          java.util.Collections.unmodifiableMap(relationships));
    }
  }
}
