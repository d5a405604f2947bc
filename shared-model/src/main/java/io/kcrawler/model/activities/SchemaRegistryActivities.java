package io.kcrawler.model.activities;

import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.PhaseResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The Schema Registry phase: subjects, versions, schemas parsed into fields, topic mapping. */
@ActivityInterface
public interface SchemaRegistryActivities {

  /** Crawls the registry named in the request and maps subjects to the crawled topics. */
  @ActivityMethod
  PhaseResult crawlSchemas(CrawlContext context, ArtifactRef topics);
}
