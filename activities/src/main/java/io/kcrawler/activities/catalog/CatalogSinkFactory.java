package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the sink one publish writes to; called once per activity attempt. */
@FunctionalInterface
public interface CatalogSinkFactory {

  /**
   * @param keepAlive heartbeats the activity's current progress again; a sink calls it while it
   *     waits (backoff, Retry-After) so a long wait does not look like a dead worker
   */
  CatalogSink open(PublishRequest request, Runnable keepAlive) throws IOException;

  /**
   * The sink the worker's configuration names. The Atlan token is resolved here, inside the
   * activity, and lives only in the sink's Authorization header.
   */
  static CatalogSinkFactory fromConfig(
      CatalogSinkConfig config, SecretResolver secrets, ArtifactStore store, ObjectMapper mapper) {
    return fromConfig(config, secrets, store, mapper, AtlanApiSink.RetryPolicy.DEFAULT);
  }

  static CatalogSinkFactory fromConfig(
      CatalogSinkConfig config,
      SecretResolver secrets,
      ArtifactStore store,
      ObjectMapper mapper,
      AtlanApiSink.RetryPolicy retry) {
    if (config.type().equals(CatalogSinkConfig.ATLAN)) {
      return (request, keepAlive) ->
          new AtlanApiSink(
                  config.baseUrl(), secrets.resolve(config.tokenRef()), retry, mapper, keepAlive)
              .withMaxInFlight(config.maxInFlight());
    }
    return (request, keepAlive) -> fileSink(request, store, mapper);
  }

  /** Files in the request's outputLocation/catalog, else next to the run's artifacts. */
  static CatalogSink fileSink(PublishRequest request, ArtifactStore store, ObjectMapper mapper) {
    String output = request.context().request().outputLocation();
    if (output != null && !output.isBlank()) {
      return new FileCatalogSink(new LocalArtifactStore(Path.of(output)), "catalog", mapper);
    }
    return new FileCatalogSink(store, request.context().artifactKey("catalog"), mapper);
  }
}
