package io.kcrawler.model.kafka;

import java.util.List;

/**
 * One partition: leader (null when offline), replicas and in-sync replicas by broker id.
 * Under-replicated means |ISR| < |replicas|; offline means no leader.
 */
public record PartitionMetadata(
    int partition,
    Integer leader,
    List<Integer> replicas,
    List<Integer> isr,
    boolean underReplicated,
    boolean offline) {}
