package io.kcrawler.activities.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3ArtifactStoreSettingsTest {

  @Test
  void givenMinioEnvironment_whenRead_thenEndpointBucketPrefixAndPathStyle() {
    S3ArtifactStoreSettings settings =
        S3ArtifactStoreSettings.fromEnv(
            Map.of(
                "KCRAWLER_S3_ENDPOINT", "http://minio:9000",
                "KCRAWLER_S3_BUCKET", "kcrawler-artifacts",
                "KCRAWLER_S3_PREFIX", "local"));

    assertThat(settings.endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(settings.bucket()).isEqualTo("kcrawler-artifacts");
    assertThat(settings.prefix()).isEqualTo("local/");
    assertThat(settings.pathStyle()).as("default with an endpoint").isTrue();
    assertThat(settings.region()).isEqualTo(S3ArtifactStoreSettings.DEFAULT_REGION);
  }

  @Test
  void givenAwsEnvironment_whenRead_thenVirtualHostStyleAndConfiguredRegion() {
    S3ArtifactStoreSettings settings =
        S3ArtifactStoreSettings.fromEnv(
            Map.of("KCRAWLER_S3_BUCKET", "b", "KCRAWLER_S3_REGION", "eu-west-1"));

    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.region()).isEqualTo("eu-west-1");
    assertThat(settings.prefix()).isEmpty();
  }

  @Test
  void givenExplicitPathStyleFalse_whenRead_thenHonouredEvenWithEndpoint() {
    S3ArtifactStoreSettings settings =
        S3ArtifactStoreSettings.fromEnv(
            Map.of(
                "KCRAWLER_S3_ENDPOINT", "https://s3.example.test",
                "KCRAWLER_S3_BUCKET", "b",
                "KCRAWLER_S3_PATH_STYLE", "false"));

    assertThat(settings.pathStyle()).isFalse();
  }

  @Test
  void givenNoBucket_whenBuilt_thenRejected() {
    assertThatThrownBy(() -> new S3ArtifactStoreSettings(Optional.empty(), " ", "", false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
  }
}
