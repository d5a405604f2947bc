package io.kcrawler.worker.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;

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
}
