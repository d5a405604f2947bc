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

  /**
   * Starts an asset of a type of {@link AtlanModel} with the attributes every asset carries. The
   * builder refuses (as a programming error) an attribute or relationship the type does not have in
   * the model, or a value of the wrong shape, so nothing unknown to Atlan can be built.
   */
  static Builder builder(String typeName, String qualifiedName, String name, String connectionQn) {
    return bare(typeName)
        .attr(AtlanModel.QUALIFIED_NAME, qualifiedName)
        .attr(AtlanModel.NAME, name)
        .attr(AtlanModel.CONNECTION_QUALIFIED_NAME, connectionQn)
        .attr(AtlanModel.CONNECTOR_NAME, AtlanQualifiedNames.CONNECTOR_NAME);
  }

  /** Starts an asset of a type of {@link AtlanModel} with no attribute set. */
  static Builder bare(String typeName) {
    return new Builder(AtlanModel.type(typeName));
  }

  /** Collects attributes in insertion order, skipping nulls, so the JSON is stable for hashing. */
  static final class Builder {
    private final AtlanModel.AssetType type;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Object> relationships = new LinkedHashMap<>();

    private Builder(AtlanModel.AssetType type) {
      this.type = type;
    }

    Builder attr(AtlanModel.Attribute attribute, Object value) {
      if (!type.has(attribute)) {
        throw new IllegalArgumentException(
            type.name() + " has no attribute " + attribute.name() + " in Atlan's model");
      }
      if (value == null) {
        return this;
      }
      if (!attribute.accepts(value)) {
        throw new IllegalArgumentException(
            type.name()
                + "."
                + attribute.name()
                + " takes "
                + attribute.atlasType()
                + (attribute.enumValues().isEmpty() ? "" : " " + attribute.enumValues())
                + ", not "
                + value);
      }
      attributes.put(attribute.name(), value);
      return this;
    }

    Builder rel(AtlanModel.Relationship relationship, Map<String, Object> ref) {
      check(relationship, false);
      relationships.put(relationship.name(), ref);
      return this;
    }

    Builder rel(AtlanModel.Relationship relationship, List<Map<String, Object>> refs) {
      check(relationship, true);
      if (!refs.isEmpty()) {
        relationships.put(relationship.name(), refs);
      }
      return this;
    }

    private void check(AtlanModel.Relationship relationship, boolean many) {
      if (!type.relationships().contains(relationship) || relationship.many() != many) {
        throw new IllegalArgumentException(
            type.name() + " has no relationship " + relationship + " in Atlan's model");
      }
    }

    AtlanEntity build() {
      return new AtlanEntity(
          type.name(),
          java.util.Collections.unmodifiableMap(attributes),
          java.util.Collections.unmodifiableMap(relationships));
    }
  }
}
