package io.kcrawler.activities.secrets;

import io.kcrawler.model.FieldProblem;
import io.kcrawler.model.InvalidRequestException;
import java.util.List;

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

  /**
   * Resolves the reference a request field names. One that cannot be resolved for good (not found,
   * denied, unknown store) is a wrong field of the request, reported as such for every system the
   * crawl reaches (cluster, registry); a store outage stays transient and is retried.
   *
   * @throws InvalidRequestException naming {@code field} when the reference is wrong
   */
  default String resolveField(String field, String ref) {
    try {
      return resolve(ref);
    } catch (SecretResolutionException e) {
      if (e.transientFailure()) {
        throw e;
      }
      throw new InvalidRequestException(List.of(new FieldProblem(field, e.getMessage())));
    }
  }
}
