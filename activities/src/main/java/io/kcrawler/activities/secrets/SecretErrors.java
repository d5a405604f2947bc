package io.kcrawler.activities.secrets;

/** The messages every store uses, so the wording (and what it leaves out) is decided once. */
final class SecretErrors {
  private SecretErrors() {}

  static SecretResolutionException notFound(SecretReference ref, String store) {
    return new SecretResolutionException(
        "credential reference " + ref.base() + ": no such secret in " + store);
  }

  static SecretResolutionException denied(SecretReference ref, String store) {
    return new SecretResolutionException(
        "credential reference "
            + ref.base()
            + ": "
            + store
            + " denied access (check the worker's identity and its policy for this secret)");
  }

  static SecretResolutionException rejected(SecretReference ref, String store, String reason) {
    return new SecretResolutionException(
        "credential reference " + ref.base() + ": " + store + " rejected it (" + reason + ")");
  }

  /** Transient: the store could not be reached or failed; the activity retries. */
  static SecretResolutionException unreachable(SecretReference ref, String store, Throwable cause) {
    return new SecretResolutionException(
        "credential reference "
            + ref.base()
            + ": "
            + store
            + " is unreachable or failing ("
            + cause.getClass().getSimpleName()
            + ")",
        true,
        cause);
  }
}
