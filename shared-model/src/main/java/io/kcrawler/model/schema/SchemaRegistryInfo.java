package io.kcrawler.model.schema;

/** The registry as a whole: where it is and its global compatibility level. */
public record SchemaRegistryInfo(String url, String globalCompatibility, long subjectCount) {}
