package io.kcrawler.activities.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a reference through the store its scheme names and caches each fetched secret for a TTL.
 * The cache is keyed by the secret without its {@code #key}, so {@link #invalidate} of a password
 * also drops the user name read from the same (rotated) secret.
 */
public final class CompositeSecretResolver implements SecretResolver {
  private final Map<String, SecretStore> stores;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  CompositeSecretResolver(Map<String, SecretStore> stores, Duration ttl, Clock clock) {
    this.stores = Map.copyOf(stores);
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public String resolve(String ref) {
    SecretReference parsed = SecretReference.parse(ref);
    return secret(parsed).select(parsed);
  }

  @Override
  public void invalidate(String ref) {
    try {
      cache.remove(SecretReference.parse(ref).base());
    } catch (SecretResolutionException e) {
      // Nothing is cached under a malformed reference.
    }
  }

  private Secret secret(SecretReference ref) {
    Instant now = clock.instant();
    Cached cached = cache.get(ref.base());
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.secret();
    }
    SecretStore store = stores.get(ref.scheme());
    if (store == null) {
      throw new SecretResolutionException(
          "credential reference "
              + ref.base()
              + ": no "
              + ref.scheme()
              + " secret store is configured on this worker");
    }
    Secret secret = store.fetch(ref);
    // A zero TTL disables caching (each resolve reads the store).
    if (!ttl.isZero()) {
      cache.put(ref.base(), new Cached(secret, now.plus(ttl)));
    }
    return secret;
  }

  private record Cached(Secret secret, Instant expires) {}
}
