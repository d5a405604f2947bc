package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.devkit.atlan.AtlasTypeSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given the typedefs taken from Atlan's SDK (devkit {@code atlan/typedefs.json}), every type,
 * attribute, value type, enum value and relationship of {@link AtlanModel} exists there as the
 * model says: the one place names live cannot drift from Atlan's model unnoticed.
 */
class AtlanModelConformanceTest {
  final AtlasTypeSystem atlan = AtlasTypeSystem.bundled();

  @Test
  void everyAttributeOfTheModelExistsInAtlansTypeWithTheSameValueType() {
    List<String> mismatches = new ArrayList<>();
    for (AtlanModel.AssetType type : AtlanModel.all()) {
      assertThat(atlan.hasEntityType(type.name())).as(type.name()).isTrue();
      Map<String, JsonNode> defs = atlan.attributeDefs(type.name());
      for (AtlanModel.Attribute a : type.attributes()) {
        JsonNode def = defs.get(a.name());
        if (def == null) {
          mismatches.add(type.name() + "." + a.name() + ": not in Atlan's type");
        } else if (!def.path("typeName").asText().equals(a.atlasType())) {
          mismatches.add(
              type.name()
                  + "."
                  + a.name()
                  + ": Atlan has "
                  + def.path("typeName").asText()
                  + ", the model "
                  + a.atlasType());
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyEnumOfTheModelHasExactlyAtlansValues() {
    for (AtlanModel.AtlanEnum e :
        List.of(
            AtlanModel.CONSUMER_GROUP_STATE,
            AtlanModel.CLEANUP_POLICY,
            AtlanModel.COMPRESSION_TYPE,
            AtlanModel.SCHEMA_TYPE,
            AtlanModel.SCHEMA_COMPATIBILITY)) {
      JsonNode def = atlan.typedef(e.name());
      assertThat(def).as(e.name()).isNotNull();
      List<String> values = new ArrayList<>();
      def.path("elementDefs").forEach(v -> values.add(v.path("value").asText()));
      assertThat(e.values()).as(e.name()).containsExactlyElementsOf(values);
    }
  }

  @Test
  void everyRelationshipOfTheModelExistsWithItsTargetType() {
    for (AtlanModel.AssetType type : AtlanModel.all()) {
      Map<String, JsonNode> defs = atlan.relationshipDefs(type.name());
      for (AtlanModel.Relationship r : type.relationships()) {
        JsonNode def = defs.get(r.name());
        assertThat(def).as(type.name() + "." + r.name()).isNotNull();
        String expected = r.many() ? "array<" + r.targetType() + ">" : r.targetType();
        assertThat(def.path("typeName").asText())
            .as(type.name() + "." + r.name())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void theKafkaTopicConsumptionStructHasTheAttributesTheGroupMapperWrites() {
    JsonNode struct = atlan.typedef(AtlanModel.KafkaConsumerGroup.CONSUMPTION_STRUCT);
    List<String> names = new ArrayList<>();
    struct.path("attributeDefs").forEach(a -> names.add(a.path("name").asText()));
    assertThat(names)
        .containsExactlyInAnyOrder("topicName", "topicPartition", "topicLag", "topicCurrentOffset");
  }

  @Test
  void theSupertypesReadWithTheTypesAreExactlyThoseOfAtlansModel() {
    java.util.Set<String> supertypes = new java.util.TreeSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(AtlanModel.typeNames());
    while (!todo.isEmpty()) {
      JsonNode def = atlan.typedef(todo.pop());
      def.path("superTypes")
          .forEach(
              t -> {
                if (supertypes.add(t.asText())) {
                  todo.push(t.asText());
                }
              });
    }
    assertThat(supertypes).containsExactlyInAnyOrderElementsOf(AtlanModel.SUPERTYPES);
  }
}
