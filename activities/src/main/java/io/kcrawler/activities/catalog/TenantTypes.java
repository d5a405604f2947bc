package io.kcrawler.activities.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the types, attributes and relationships this crawler sends a tenant's type system has.
 * Atlan's model grows over time, and a tenant created before a type existed refuses a whole bulk
 * request for one entity of an unknown type (HTTP 400) and silently drops attributes it does not
 * define. Publish therefore reads the tenant's typedefs first and {@link #fit}s every asset to
 * them: an asset of a missing type is skipped, an attribute or relationship the type lacks is not
 * sent, each with one warning per name.
 */
final class TenantTypes {
  /** What the tenant defines for one type: attribute and relationship names, inherited included. */
  record TypeInfo(Set<String> attributes, Set<String> relationships) {}

  private final Map<String, TypeInfo> types;
  private final Set<String> warned = new LinkedHashSet<>();
  private final List<String> warnings = new ArrayList<>();

  private TenantTypes(Map<String, TypeInfo> types) {
    this.types = types;
  }

  /** A tenant with every type of {@link AtlanModel}: what the file sink writes for. */
  static TenantTypes current() {
    Map<String, TypeInfo> types = new LinkedHashMap<>();
    for (AtlanModel.AssetType t : AtlanModel.all()) {
      Set<String> attributes = new LinkedHashSet<>();
      t.attributes().forEach(a -> attributes.add(a.name()));
      Set<String> relationships = new LinkedHashSet<>();
      t.relationships().forEach(r -> relationships.add(r.name()));
      types.put(t.name(), new TypeInfo(attributes, relationships));
    }
    return new TenantTypes(types);
  }

  /** A tenant with these types (a type absent from the map is one the tenant lacks). */
  static TenantTypes of(Map<String, TypeInfo> types) {
    return new TenantTypes(Map.copyOf(types));
  }

  boolean has(String typeName) {
    return types.containsKey(typeName);
  }

  /**
   * The asset with only what the tenant defines, or null when the tenant lacks its type. A
   * relationship to a type the tenant lacks is dropped with its attribute.
   */
  AtlanEntity fit(AtlanEntity entity) {
    TypeInfo info = types.get(entity.typeName());
    if (info == null) {
      warnOnce(
          entity.typeName(),
          "the Atlan tenant has no type "
              + entity.typeName()
              + ": its assets are not published (the tenant's model predates it)");
      return null;
    }
    Map<String, Object> attributes = entity.attributes();
    Map<String, Object> relationships = entity.relationshipAttributes();
    if (info.attributes().containsAll(attributes.keySet())
        && info.relationships().containsAll(relationships.keySet())) {
      return entity;
    }
    Map<String, Object> keptAttributes = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) -> {
          if (info.attributes().contains(name)) {
            keptAttributes.put(name, value);
          } else {
            warnOnce(
                entity.typeName() + "." + name,
                "the Atlan tenant's "
                    + entity.typeName()
                    + " has no attribute "
                    + name
                    + ": it is not sent");
          }
        });
    Map<String, Object> keptRelationships = new LinkedHashMap<>();
    relationships.forEach(
        (name, value) -> {
          if (info.relationships().contains(name)) {
            keptRelationships.put(name, value);
          } else {
            warnOnce(
                entity.typeName() + "." + name,
                "the Atlan tenant's "
                    + entity.typeName()
                    + " has no relationship "
                    + name
                    + ": it is not sent");
          }
        });
    return new AtlanEntity(
        entity.typeName(),
        Collections.unmodifiableMap(keptAttributes),
        Collections.unmodifiableMap(keptRelationships));
  }

  private void warnOnce(String key, String warning) {
    if (warned.add(key)) {
      warnings.add(warning);
    }
  }

  List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }
}
