package io.kcrawler.model.activities;

import io.kcrawler.model.PhaseResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Publishes a finished crawl to the catalog sink named by the worker's configuration. */
@ActivityInterface
public interface CatalogPublishActivities {

  /** Writes the crawl's assets to the sink; counts and the output location come back. */
  @ActivityMethod
  PhaseResult publish(PublishRequest request);
}
