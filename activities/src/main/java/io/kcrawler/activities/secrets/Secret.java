package io.kcrawler.activities.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * A fetched secret: either one text value (AWS, Azure, GCP, env, file) or named fields (a Vault KV
 * entry). {@link #select} applies the reference's {@code #key} the same way for every store.
 */
record Secret(String text, Map<String, String> fields) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Secret text(String text) {
    return new Secret(text, null);
  }

  static Secret fields(Map<String, String> fields) {
    return new Secret(null, Map.copyOf(fields));
  }

  /** The value {@code ref} names; errors name the reference and the reason, never content. */
  String select(SecretReference ref) {
    if (fields != null) {
      if (ref.key() == null) {
        if (fields.size() == 1) {
          return fields.values().iterator().next();
        }
        throw new SecretResolutionException(
            "credential reference "
                + ref
                + ": the secret has "
                + fields.size()
                + " keys; name one with #<key>");
      }
      String value = fields.get(ref.key());
      if (value == null) {
        throw missingKey(ref);
      }
      return value;
    }
    if (ref.key() == null) {
      return text;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, i.e. the secret: drop it and the cause.
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw new SecretResolutionException(
          "credential reference " + ref + ": #" + ref.key() + " needs a JSON object secret");
    }
    JsonNode value = node.get(ref.key());
    if (value == null || value.isNull()) {
      throw missingKey(ref);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static SecretResolutionException missingKey(SecretReference ref) {
    return new SecretResolutionException(
        "credential reference " + ref + ": the secret has no key " + ref.key());
  }

  // Records print their components; a secret must not end up in a log by accident.
  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
