package io.kcrawler.activities.secrets;

import io.kcrawler.model.SecretRefs;

/**
 * A parsed credential reference {@code <scheme>:<locator>[#<json-key>]}. The key is split at the
 * last {@code #}, so a locator may not itself contain {@code #}.
 */
record SecretReference(String scheme, String locator, String key) {

  static SecretReference parse(String ref) {
    String problem = SecretRefs.problem(ref);
    if (problem != null) {
      throw new SecretResolutionException("credential reference " + describe(ref) + ": " + problem);
    }
    String scheme = SecretRefs.scheme(ref);
    String rest = ref.substring(scheme.length() + 1);
    int hash = rest.lastIndexOf('#');
    if (hash < 0) {
      return new SecretReference(scheme, rest, null);
    }
    String key = rest.substring(hash + 1);
    String locator = rest.substring(0, hash);
    if (key.isEmpty() || locator.isEmpty()) {
      throw new SecretResolutionException(
          "credential reference " + ref + ": expected <scheme>:<locator>#<json-key>");
    }
    return new SecretReference(scheme, locator, key);
  }

  /** The secret as a whole, without the key: what a store fetches and the cache keeps. */
  String base() {
    return scheme + ":" + locator;
  }

  @Override
  public String toString() {
    return key == null ? base() : base() + "#" + key;
  }

  // A malformed reference could be a pasted secret: show its scheme at most, never the text.
  private static String describe(String ref) {
    if (ref == null || ref.isBlank()) {
      return "(empty)";
    }
    int colon = ref.indexOf(':');
    return colon > 0 && SecretRefs.SCHEMES.contains(ref.substring(0, colon))
        ? ref
        : "(not a reference, text not shown)";
  }
}
