package io.kcrawler.model.kafka;

import java.util.List;

/** One broker: address, rack, whether it is the active controller, and its non-default configs. */
public record BrokerMetadata(
    int id,
    String host,
    int port,
    String rack,
    boolean controller,
    List<ConfigEntryMetadata> configs) {}
