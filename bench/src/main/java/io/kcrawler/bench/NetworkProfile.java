package io.kcrawler.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network between the worker and the cluster and registry, played by {@link DelayingProxy}: a
 * one-way delay added in each direction. {@code loopback} (0), {@code lan} (+2 ms, a worker in the
 * cluster's data centre) and {@code wan} (+25 ms, a SaaS worker reaching a cloud cluster in another
 * region), or any one-way delay in milliseconds.
 */
record NetworkProfile(String name, Duration oneWay) {
  /** The profiles known by name; {@code bench.networks} may also give a delay in ms. */
  static final Map<String, Duration> NAMED =
      Map.of("loopback", Duration.ZERO, "lan", Duration.ofMillis(2), "wan", Duration.ofMillis(25));

  /** Loopback, +2 ms and +25 ms each way. */
  static final String DEFAULT = "loopback,lan,wan";

  /** Profiles from a comma-separated list of names or one-way delays in milliseconds. */
  static List<NetworkProfile> parse(String spec) {
    return Arrays.stream(spec.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(NetworkProfile::of)
        .toList();
  }

  static NetworkProfile of(String nameOrMillis) {
    String key = nameOrMillis.toLowerCase(Locale.ROOT);
    Duration d = NAMED.get(key);
    if (d == null) {
      try {
        d = Duration.ofMillis(Long.parseLong(key));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bench.networks: '"
                + nameOrMillis
                + "' is neither a profile "
                + NAMED.keySet()
                + " nor a one-way delay in ms");
      }
    }
    return new NetworkProfile(key, d);
  }

  boolean isLoopback() {
    return oneWay.isZero();
  }

  /** What the reports call it: "loopback" or "+25 ms each way". */
  String label() {
    return isLoopback() ? "loopback" : "+" + oneWay.toMillis() + " ms each way";
  }

  Duration roundTrip() {
    return oneWay.multipliedBy(2);
  }
}
