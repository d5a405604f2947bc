package io.kcrawler.model;

/**
 * Heartbeat details of a long activity: the phase, how far it got, and the index of the last
 * completed batch so a retry resumes after it instead of starting over.
 */
public record ProgressDetails(String phase, long done, long total, int completedBatches) {}
