package io.kcrawler.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kcrawler.activities.secrets.SecretResolver;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts every payload with AES-256-GCM under the current key and records the key id in the
 * payload's metadata, so payloads written under an older key still decrypt after a rotation.
 * Payloads without the {@code binary/encrypted} encoding pass through decode unchanged: the
 * Temporal UI and CLI send plain payloads too.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  static final String ENCODING = "binary/encrypted";
  static final String METADATA_ENCODING = "encoding";
  static final String METADATA_KEY_ID = "encryption-key-id";

  /** 96-bit IV: the size GCM is specified for (NIST SP 800-38D); random per payload. */
  private static final int IV_BYTES = 12;

  /** Full 128-bit authentication tag. */
  private static final int TAG_BITS = 128;

  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String currentKeyId;

  AesGcmPayloadCodec(Map<String, SecretKey> keys, String currentKeyId) {
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("current key id " + currentKeyId + " has no key");
    }
    this.keys = Map.copyOf(keys);
    this.currentKeyId = currentKeyId;
  }

  /**
   * Loads the keys from credential references, each resolving to a base64 32-byte key.
   *
   * @param keyRefs key id to credential reference, old keys included
   * @param currentKeyId the key new payloads are encrypted with
   * @throws IllegalArgumentException when a key is not base64 of 32 bytes (names the key id and
   *     reference, never the value)
   */
  public static AesGcmPayloadCodec fromReferences(
      Map<String, String> keyRefs, String currentKeyId, SecretResolver resolver) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    keyRefs.forEach((id, ref) -> keys.put(id, aesKey(id, ref, resolver.resolve(ref))));
    return new AesGcmPayloadCodec(keys, currentKeyId);
  }

  /** Loads the keys a {@link CodecKeys} configuration names. */
  public static AesGcmPayloadCodec fromConfig(CodecKeys config, SecretResolver resolver) {
    return fromReferences(config.keyRefs(), config.currentKeyId(), resolver);
  }

  private static SecretKey aesKey(String id, String ref, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes an offending character of the key: drop it.
      bytes = new byte[0];
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "codec key " + id + " (" + ref + "): expected base64 of a 32-byte AES-256 key");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed;
    try {
      sealed = cipher(Cipher.ENCRYPT_MODE, currentKeyId, iv).doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt payload with key " + currentKeyId, e);
    }
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, utf8(ENCODING))
        .putMetadata(METADATA_KEY_ID, utf8(currentKeyId))
        .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
        .build();
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY);
    if (!encoding.toStringUtf8().equals(ENCODING)) {
      return payload;
    }
    String keyId = payload.getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY).toStringUtf8();
    if (!keys.containsKey(keyId)) {
      throw new PayloadCodecException(
          "payload was encrypted with key '" + keyId + "', which this process does not have");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < IV_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is too short to be AES-GCM");
    }
    try {
      byte[] plain =
          cipher(Cipher.DECRYPT_MODE, keyId, Arrays.copyOf(data, IV_BYTES))
              .doFinal(data, IV_BYTES, data.length - IV_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "encrypted payload failed authentication under key " + keyId, e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a Temporal payload", e);
    }
  }

  private Cipher cipher(int mode, String keyId, byte[] iv) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, keys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
    // Binding the key id means a payload's metadata cannot be swapped to another key's label.
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
