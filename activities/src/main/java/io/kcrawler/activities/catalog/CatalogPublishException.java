package io.kcrawler.activities.catalog;

import io.kcrawler.model.FailureType;

/**
 * A publish that could not complete, already classified: {@link FailureType#CATALOG_UNAVAILABLE}
 * (retried by Temporal, resuming at the last completed batch), {@link FailureType#AUTH_FAILED} or
 * {@link FailureType#NOT_AUTHORIZED} for a rejected token, {@link FailureType#INVALID_INPUT} when
 * the catalog rejected the assets. Messages never contain the token.
 */
public class CatalogPublishException extends RuntimeException {
  private final FailureType type;

  public CatalogPublishException(FailureType type, String message) {
    super(message);
    this.type = type;
  }

  public FailureType type() {
    return type;
  }
}
