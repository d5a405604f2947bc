package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompositeSecretResolverTest {

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-11-24T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** A store whose JSON secret the test rotates, counting fetches. */
  static final class RotatingStore implements SecretStore {
    final AtomicInteger fetches = new AtomicInteger();
    volatile String password = "pw-v1";

    @Override
    public Secret fetch(SecretReference ref) {
      fetches.incrementAndGet();
      return Secret.text("{\"username\":\"crawler\",\"password\":\"" + password + "\"}");
    }
  }

  private final TestClock clock = new TestClock();
  private final RotatingStore store = new RotatingStore();
  private final CompositeSecretResolver resolver =
      new CompositeSecretResolver(Map.of("vault", store), Duration.ofMinutes(5), clock);

  @Test
  void givenCachedSecret_whenResolvedWithinTtl_thenStoreIsNotAskedAgain() {
    resolver.resolve("vault:secret/kafka#password");
    clock.advance(Duration.ofMinutes(4));

    assertThat(resolver.resolve("vault:secret/kafka#password")).isEqualTo("pw-v1");
    assertThat(resolver.resolve("vault:secret/kafka#username")).isEqualTo("crawler");
    assertThat(store.fetches).hasValue(1);
  }

  @Test
  void givenTtlElapsed_whenResolved_thenStoreIsAskedAgainAndRotationIsSeen() {
    resolver.resolve("vault:secret/kafka#password");
    store.password = "pw-v2";
    clock.advance(Duration.ofMinutes(5));

    assertThat(resolver.resolve("vault:secret/kafka#password")).isEqualTo("pw-v2");
    assertThat(store.fetches).hasValue(2);
  }

  @Test
  void givenRotatedSecret_whenInvalidatedAfterAuthFailure_thenNextResolveFetchesOnce() {
    assertThat(resolver.resolve("vault:secret/kafka#password")).isEqualTo("pw-v1");
    store.password = "pw-v2";
    assertThat(resolver.resolve("vault:secret/kafka#password")).isEqualTo("pw-v1");

    resolver.invalidate("vault:secret/kafka#password");

    assertThat(resolver.resolve("vault:secret/kafka#password")).isEqualTo("pw-v2");
    assertThat(resolver.resolve("vault:secret/kafka#username")).isEqualTo("crawler");
    assertThat(store.fetches).as("username shares the re-fetched secret").hasValue(2);
  }

  @Test
  void givenZeroTtl_whenResolvedTwice_thenStoreIsAskedTwice() {
    var uncached = new CompositeSecretResolver(Map.of("vault", store), Duration.ZERO, clock);
    uncached.resolve("vault:secret/kafka#password");
    uncached.resolve("vault:secret/kafka#password");

    assertThat(store.fetches).hasValue(2);
  }

  @Test
  void givenSchemeWithoutStore_whenResolved_thenNonTransientErrorNamingTheScheme() {
    assertThatThrownBy(() -> resolver.resolve("aws-sm:kafka/prod"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("aws-sm:kafka/prod")
        .hasMessageContaining("no aws-sm secret store is configured");
  }

  @Test
  void givenUnknownScheme_whenResolved_thenNonTransientError() {
    assertThatThrownBy(() -> resolver.resolve("keepass:kafka"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("scheme one of");
  }

  @Test
  void givenFailedFetch_whenResolvedAgain_thenFailureIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    SecretStore flaky =
        ref -> {
          if (calls.incrementAndGet() == 1) {
            throw SecretErrors.unreachable(ref, "test store", new java.io.IOException("down"));
          }
          return Secret.text("ok");
        };
    var r = new CompositeSecretResolver(Map.of("vault", flaky), Duration.ofMinutes(5), clock);

    assertThatThrownBy(() -> r.resolve("vault:secret/x"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isTrue());
    assertThat(r.resolve("vault:secret/x")).isEqualTo("ok");
  }
}
