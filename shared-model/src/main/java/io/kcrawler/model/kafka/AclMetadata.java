package io.kcrawler.model.kafka;

/**
 * One ACL binding as the cluster describes it (Kafka's own names: resource type TOPIC, GROUP,
 * CLUSTER…; pattern LITERAL or PREFIXED, {@code *} as a literal name is the wildcard; operation
 * READ, WRITE, DESCRIBE, ALL…; permission ALLOW or DENY).
 */
public record AclMetadata(
    String resourceType,
    String resourceName,
    String patternType,
    String principal,
    String host,
    String operation,
    String permission) {}
