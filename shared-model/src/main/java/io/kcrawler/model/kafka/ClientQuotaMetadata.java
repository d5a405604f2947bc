package io.kcrawler.model.kafka;

import java.util.Map;

/**
 * The client quotas of one entity ({@code user}, {@code client-id}, {@code ip}; a null value is the
 * default entity of that type), e.g. {@code producer_byte_rate}, {@code consumer_byte_rate}.
 */
public record ClientQuotaMetadata(Map<String, String> entity, Map<String, Double> quotas) {}
