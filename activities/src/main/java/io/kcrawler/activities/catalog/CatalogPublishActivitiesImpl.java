package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.boundary.ActivityBoundary;
import io.kcrawler.activities.boundary.ActivityProgress;
import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.Phases;
import io.kcrawler.model.ProgressDetails;
import io.kcrawler.model.activities.CatalogPublishActivities;
import io.kcrawler.model.activities.PublishRequest;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a crawl to the configured catalog sink and reports what changed since the previous
 * crawl of the connection. Heartbeats {@link ProgressDetails} after every batch; a retry reads
 * {@code completedBatches} (and the batches completed ahead of it) back and resumes after them. The
 * SDK throttles heartbeats to 0.8 × the heartbeat timeout, so after a hard crash the last recorded
 * batch may lag the real one by that much: those few batches are sent again, which is harmless
 * because upserts match by qualifiedName.
 */
public final class CatalogPublishActivitiesImpl implements CatalogPublishActivities {
  private static final Logger log = LoggerFactory.getLogger(CatalogPublishActivitiesImpl.class);

  private final ArtifactStore store;
  private final CatalogSinkFactory sinks;
  private final ObjectMapper mapper;
  private final ConnectionQualifiedNames connections;
  private final CatalogSinkConfig.ConnectionAdmins admins;

  /**
   * Publishes to {@code sinks} with default settings (derived connection epochs, cluster asset).
   */
  public CatalogPublishActivitiesImpl(
      ArtifactStore store, CatalogSinkFactory sinks, ObjectMapper mapper) {
    this(store, sinks, mapper, CatalogSinkConfig.file());
  }

  /**
   * Publishes to {@code sinks}, taking pinned connection qualifiedNames and the admins of created
   * Connections from {@code config} (its sink type is {@code sinks}' business).
   */
  public CatalogPublishActivitiesImpl(
      ArtifactStore store,
      CatalogSinkFactory sinks,
      ObjectMapper mapper,
      CatalogSinkConfig config) {
    this.store = store;
    this.sinks = sinks;
    this.mapper = mapper;
    this.connections =
        new ConnectionQualifiedNames(
            store, mapper, config.connectionQualifiedNames(), Clock.systemUTC());
    this.admins = config.admins();
  }

  /** The implementation for a worker's catalog configuration. */
  public static CatalogPublishActivitiesImpl fromConfig(
      ArtifactStore store, CatalogSinkConfig config, SecretResolver secrets, ObjectMapper mapper) {
    return new CatalogPublishActivitiesImpl(
        store, CatalogSinkFactory.fromConfig(config, secrets, store, mapper), mapper, config);
  }

  @Override
  public PhaseResult publish(PublishRequest request) {
    return ActivityBoundary.run(
        Phases.PUBLISH, request.context().request(), progress -> publish(request, progress));
  }

  private PhaseResult publish(PublishRequest request, ActivityProgress progress)
      throws IOException {
    ProgressDetails resumeFrom = progress.previous().orElse(null);
    String connectionId = request.context().connectionId();
    ConnectionQualifiedNames.Resolved connection =
        connections.resolve(
            connectionId, request.context().request().atlanConnectionQualifiedName());
    CatalogSink sink = sinks.open(request, progress::keepAlive);
    CatalogPublisher.Outcome outcome;
    try {
      log.info(
          "publishing connection {} as {} to {}",
          connectionId,
          connection.qualifiedName(),
          sink.location());
      outcome =
          new CatalogPublisher(store, mapper, admins)
              .publish(
                  request,
                  connection,
                  sink,
                  resumeFrom,
                  (batches, ahead, done) ->
                      progress.report(
                          new ProgressDetails(
                              Phases.PUBLISH,
                              done,
                              0,
                              batches,
                              null,
                              ahead.isEmpty() ? null : ahead)));
    } catch (IOException | RuntimeException e) {
      sink.abort();
      throw e;
    }
    log.info("published connection {}: {}", connectionId, outcome.report().counts());
    return PhaseResult.of(Phases.PUBLISH, outcome.counts(), outcome.artifacts(), outcome.warnings())
        .withNotes(outcome.notes());
  }
}
