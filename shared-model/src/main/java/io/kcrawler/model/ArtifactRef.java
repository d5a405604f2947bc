package io.kcrawler.model;

/**
 * A claim check: where an activity left what it extracted, and how much. Only these travel through
 * workflow history, never the records themselves.
 *
 * @param key the artifact store key, e.g. {@code connections/prod/runs/<run>/topics.jsonl}
 * @param records number of JSON Lines records in it
 * @param bytes size in bytes
 */
public record ArtifactRef(String key, long records, long bytes) {}
