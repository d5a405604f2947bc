package io.kcrawler.worker.codec;

import java.util.Map;

/**
 * Where the codec server listens, which Web UI origin it grants CORS to, and the credential
 * reference of the bearer token callers must present (null: no token check, e.g. behind an
 * authenticating proxy).
 */
public record CodecServerConfig(String host, int port, String uiOrigin, String tokenRef) {

  /** Loopback by default: decode hands out plaintext, so exposing it must be a decision. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static final int DEFAULT_PORT = 8081;

  /**
   * Reads {@code KCRAWLER_CODEC_SERVER_HOST} (127.0.0.1), {@code KCRAWLER_CODEC_SERVER_PORT}
   * (8081), {@code KCRAWLER_CODEC_SERVER_UI_ORIGIN} (e.g. {@code http://localhost:8233}) and {@code
   * KCRAWLER_CODEC_SERVER_TOKEN_REF}.
   */
  public static CodecServerConfig fromEnv(Map<String, String> env) {
    String port = env.getOrDefault("KCRAWLER_CODEC_SERVER_PORT", String.valueOf(DEFAULT_PORT));
    try {
      return new CodecServerConfig(
          env.getOrDefault("KCRAWLER_CODEC_SERVER_HOST", DEFAULT_HOST),
          Integer.parseInt(port.strip()),
          env.get("KCRAWLER_CODEC_SERVER_UI_ORIGIN"),
          env.get("KCRAWLER_CODEC_SERVER_TOKEN_REF"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("KCRAWLER_CODEC_SERVER_PORT: expected a port number");
    }
  }
}
