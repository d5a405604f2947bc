package io.kcrawler.worker.cli;

import io.kcrawler.worker.temporal.TemporalConnection;
import picocli.CommandLine.Option;

/** Where Temporal is: the {@code TEMPORAL_*} settings, overridable per command. */
final class TemporalOptions {
  @Option(
      names = "--address",
      description = "Temporal frontend host:port. Default: TEMPORAL_ADDRESS or 127.0.0.1:7233.")
  String address;

  @Option(
      names = "--namespace",
      description = "Temporal namespace. Default: TEMPORAL_NAMESPACE or default.")
  String namespace;

  TemporalConnection connection() {
    TemporalConnection c;
    try {
      c = TemporalConnection.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (address != null) {
      c = c.withAddress(address);
    }
    if (namespace != null) {
      c = c.withNamespace(namespace);
    }
    return c;
  }
}
