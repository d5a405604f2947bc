package io.kcrawler.activities.secrets;

/** One secret store behind a reference scheme; {@link CompositeSecretResolver} dispatches. */
interface SecretStore {

  /**
   * Fetches the secret {@code ref.base()} names. Throws {@link SecretResolutionException}: not
   * found, denied or malformed is non-transient, an unreachable store is transient.
   */
  Secret fetch(SecretReference ref);
}
