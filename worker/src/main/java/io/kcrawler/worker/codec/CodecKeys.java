package io.kcrawler.worker.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which payload-encryption keys a process holds: the current key id and, for every key id still
 * needed to decrypt history, a credential reference to its base64 32-byte key.
 */
public record CodecKeys(String currentKeyId, Map<String, String> keyRefs) {

  public CodecKeys {
    keyRefs = Map.copyOf(keyRefs);
    if (!keyRefs.containsKey(currentKeyId)) {
      throw new IllegalArgumentException(
          "KCRAWLER_CODEC_CURRENT_KEY: " + currentKeyId + " is not among the configured keys");
    }
  }

  /**
   * Reads {@code KCRAWLER_CODEC_KEYS} ({@code id=ref,…}, e.g. {@code
   * 2026-11=vault:secret/kcrawler/codec#2026-11,2026-05=vault:secret/kcrawler/codec#2026-05}) and
   * {@code KCRAWLER_CODEC_CURRENT_KEY} (defaults to the first id listed). Returns null when no keys
   * are configured (payloads are not encrypted).
   */
  public static CodecKeys fromEnv(Map<String, String> env) {
    String spec = env.getOrDefault("KCRAWLER_CODEC_KEYS", "");
    Map<String, String> refs = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            "KCRAWLER_CODEC_KEYS: expected key-id=credential-reference pairs separated by commas");
      }
      refs.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    if (refs.isEmpty()) {
      return null;
    }
    String current =
        env.getOrDefault("KCRAWLER_CODEC_CURRENT_KEY", refs.keySet().iterator().next());
    return new CodecKeys(current.strip(), refs);
  }
}
