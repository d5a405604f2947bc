package io.kcrawler.activities.catalog;

import io.kcrawler.devkit.atlan.AtlasTypeSystem;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link TenantTypes} of a tenant whose type system is the given one. */
final class TenantTypesFixture {
  private TenantTypesFixture() {}

  static TenantTypes of(AtlasTypeSystem types) {
    Map<String, TenantTypes.TypeInfo> info = new LinkedHashMap<>();
    for (String type : AtlanModel.typeNames()) {
      if (types.hasEntityType(type)) {
        info.put(
            type,
            new TenantTypes.TypeInfo(
                types.attributeDefs(type).keySet(), types.relationshipDefs(type).keySet()));
      }
    }
    return TenantTypes.of(info);
  }
}
