package io.kcrawler.model.access;

import java.util.List;

/**
 * Who may read, write and describe one topic or consumer group, resolved from the cluster's ACLs as
 * its authorizer decides (literal, prefixed and wildcard bindings; DENY wins; READ and WRITE imply
 * DESCRIBE). {@code User:*} in a list means every principal; {@code denied} names principals a DENY
 * keeps out although a wildcard ALLOW lets everyone else in; {@code hostRestricted} lists access
 * that holds only from given hosts ({@code User:alice READ from 10.0.0.1}).
 */
public record ResourceAccess(
    String resourceType,
    String name,
    List<String> read,
    List<String> write,
    List<String> describe,
    List<String> denied,
    List<String> hostRestricted) {}
