package io.kcrawler.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.model.Json;
import org.junit.jupiter.api.Test;

/** The JSON of a config key: compact, because a 10k-topic crawl writes ~400k of them. */
class ConfigEntryMetadataTest {
  private final ObjectMapper mapper = Json.mapper();

  @Test
  void givenAPlainDefault_whenWritten_thenOnlyNameValueAndSourceAppear() throws Exception {
    ConfigEntryMetadata e =
        new ConfigEntryMetadata("cleanup.policy", "delete", "DEFAULT_CONFIG", false, false);

    assertThat(mapper.writeValueAsString(e))
        .isEqualTo(
            "{\"name\":\"cleanup.policy\",\"value\":\"delete\",\"source\":\"DEFAULT_CONFIG\"}");
    assertThat(e.isDefault()).isTrue();
  }

  @Test
  void givenFlagsThatAreSet_whenWritten_thenTheyAppearAndReadBack() throws Exception {
    ConfigEntryMetadata e =
        new ConfigEntryMetadata(
            "sasl.jaas.config", ConfigEntryMetadata.MASK, "DYNAMIC_BROKER_CONFIG", true, true);

    String json = mapper.writeValueAsString(e);

    assertThat(json)
        .contains("\"sensitive\":true", "\"readOnly\":true")
        .doesNotContain("isDefault");
    assertThat(mapper.readValue(json, ConfigEntryMetadata.class)).isEqualTo(e);
    assertThat(e.isDefault()).isFalse();
  }

  @Test
  void givenAnArtifactOfAnEarlierVersion_whenRead_thenItsRedundantFieldsAreIgnored()
      throws Exception {
    // What workers before the compact form wrote: an in-flight crawl may span an upgrade.
    String earlier =
        "{\"name\":\"retention.ms\",\"value\":\"1000\",\"source\":\"DYNAMIC_TOPIC_CONFIG\","
            + "\"isDefault\":false,\"sensitive\":false,\"readOnly\":false}";

    assertThat(mapper.readValue(earlier, ConfigEntryMetadata.class))
        .isEqualTo(
            new ConfigEntryMetadata("retention.ms", "1000", "DYNAMIC_TOPIC_CONFIG", false, false));
  }
}
