package io.kcrawler.model;

import java.util.Set;

/**
 * The syntax of a credential reference: {@code <scheme>:<locator>[#<json-key>]}. Only the syntax is
 * checked here (no I/O); the worker that runs an activity resolves the reference.
 */
public final class SecretRefs {
  /** Schemes a worker may know how to resolve; which ones it can actually reach is its config. */
  public static final Set<String> SCHEMES =
      Set.of("env", "file", "vault", "aws-sm", "azure-kv", "gcp-sm");

  private SecretRefs() {}

  /** Returns null when {@code ref} is well-formed, else what was expected. */
  public static String problem(String ref) {
    if (ref == null || ref.isBlank()) {
      return "expected a credential reference such as env:KAFKA_PASSWORD, got nothing";
    }
    int colon = ref.indexOf(':');
    String scheme = colon < 0 ? "" : ref.substring(0, colon);
    if (colon < 0 || !SCHEMES.contains(scheme)) {
      return "expected a credential reference <scheme>:<locator> with scheme one of "
          + String.join(", ", SCHEMES.stream().sorted().toList())
          + " (secrets are never accepted inline)";
    }
    if (ref.substring(colon + 1).isBlank()) {
      return "expected a locator after '" + scheme + ":'";
    }
    return null;
  }

  /** The scheme of a well-formed reference, e.g. {@code vault}. */
  public static String scheme(String ref) {
    return ref.substring(0, ref.indexOf(':'));
  }
}
