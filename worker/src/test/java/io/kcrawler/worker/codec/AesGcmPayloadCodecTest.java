package io.kcrawler.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kcrawler.activities.secrets.SecretResolver;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {
  static final String KEY_2026_05 = randomKey();
  static final String KEY_2026_11 = randomKey();
  static final SecretResolver RESOLVER =
      ref ->
          switch (ref) {
            case "env:CODEC_KEY_OLD" -> KEY_2026_05;
            case "env:CODEC_KEY_NEW" -> KEY_2026_11;
            default -> "dG9vLXNob3J0"; // base64 of "too-short"
          };

  static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static AesGcmPayloadCodec oldCodec() {
    return AesGcmPayloadCodec.fromReferences(
        Map.of("2026-05", "env:CODEC_KEY_OLD"), "2026-05", RESOLVER);
  }

  static AesGcmPayloadCodec rotatedCodec() {
    return AesGcmPayloadCodec.fromConfig(
        CodecKeys.fromEnv(
            Map.of("KCRAWLER_CODEC_KEYS", "2026-11=env:CODEC_KEY_NEW,2026-05=env:CODEC_KEY_OLD")),
        RESOLVER);
  }

  static Payload json(String value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  @Test
  void givenPayload_whenEncodedThenDecoded_thenOriginalComesBack() {
    AesGcmPayloadCodec codec = rotatedCodec();
    Payload original = json("sasl password for cluster prod");

    Payload encoded = codec.encode(List.of(original)).get(0);

    assertThat(encoded.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(encoded.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("2026-11");
    assertThat(encoded.getData().toStringUtf8()).doesNotContain("sasl password");
    assertThat(codec.decode(List.of(encoded))).containsExactly(original);
  }

  @Test
  void givenSamePayloadTwice_whenEncoded_thenCiphertextsDifferByRandomIv() {
    AesGcmPayloadCodec codec = rotatedCodec();
    Payload original = json("x");

    assertThat(codec.encode(List.of(original, original)))
        .extracting(Payload::getData)
        .doesNotHaveDuplicates();
  }

  @Test
  void givenPayloadFromBeforeRotation_whenDecodedWithRotatedKeys_thenOldKeyStillDecrypts() {
    Payload original = json("written under the May key");
    Payload encodedBefore = oldCodec().encode(List.of(original)).get(0);

    AesGcmPayloadCodec rotated = rotatedCodec();

    assertThat(rotated.decode(List.of(encodedBefore))).containsExactly(original);
    assertThat(rotated.encode(List.of(original)).get(0).getMetadataOrThrow("encryption-key-id"))
        .isEqualTo(ByteString.copyFromUtf8("2026-11"));
  }

  @Test
  void givenPayloadUnderUnknownKey_whenDecoded_thenErrorNamesTheKeyId() {
    Payload newer = rotatedCodec().encode(List.of(json("x"))).get(0);

    assertThatThrownBy(() -> oldCodec().decode(List.of(newer)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("2026-11");
  }

  @Test
  void givenUnencodedPayload_whenDecoded_thenPassesThroughUnchanged() {
    Payload plain = json("sent by the Web UI");

    assertThat(rotatedCodec().decode(List.of(plain))).containsExactly(plain);
  }

  @Test
  void givenTamperedCiphertext_whenDecoded_thenAuthenticationFails() {
    Payload encoded = rotatedCodec().encode(List.of(json("x"))).get(0);
    byte[] data = encoded.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = encoded.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> rotatedCodec().decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void givenKeyOfWrongLength_whenLoaded_thenErrorNamesIdAndReferenceButNotTheValue() {
    assertThatThrownBy(
            () -> AesGcmPayloadCodec.fromReferences(Map.of("k", "env:SHORT"), "k", RESOLVER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("codec key k (env:SHORT)")
        .hasMessageNotContaining("dG9vLXNob3J0");
  }
}
