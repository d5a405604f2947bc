package io.kcrawler.activities.secrets;

/**
 * Resolves a credential reference ({@code env:NAME}, {@code file:/path}, {@code vault:…}, …) to its
 * value, only inside the activity that needs it. Values must never be logged, put in an exception
 * message, returned from an activity or written to an artifact.
 */
public interface SecretResolver {

  /**
   * Returns the secret's value.
   *
   * @throws SecretResolutionException when the reference cannot be resolved (its message names the
   *     reference, never a value)
   */
  String resolve(String ref);

  /**
   * Forgets any cached value of {@code ref}: called once after the cluster or a registry rejected
   * the credential, in case it was rotated since it was cached.
   */
  default void invalidate(String ref) {}
}
