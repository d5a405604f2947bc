package io.kcrawler.worker.codec;

import io.kcrawler.activities.secrets.SecretResolver;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;
import java.util.Map;

/** The data converter clients and workers share when payloads are encrypted. */
public final class CodecDataConverters {
  private CodecDataConverters() {}

  /**
   * Default JSON conversion, then {@code codec}. Failures are encoded too ({@code
   * encodeFailureAttributes}): their message and stack trace move into the encrypted attributes,
   * since an error message can quote a topic name, a config value or a credential.
   */
  public static DataConverter encrypted(PayloadCodec codec) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true);
  }

  /**
   * The converter this process uses: encrypted when {@code KCRAWLER_CODEC_KEYS} is set (keys
   * resolved through {@code secrets}), Temporal's default otherwise.
   */
  public static DataConverter fromEnv(Map<String, String> env, SecretResolver secrets) {
    CodecKeys keys = CodecKeys.fromEnv(env);
    return keys == null
        ? DefaultDataConverter.newDefaultInstance()
        : encrypted(AesGcmPayloadCodec.fromConfig(keys, secrets));
  }
}
