package io.kcrawler.activities.schemaregistry;

/**
 * A referenced schema fetched from the registry: {@code name} is how the referencing schema names
 * it (Avro full name, Protobuf import path, JSON Schema {@code $ref} URL).
 */
record ResolvedReference(String name, String subject, int version, String schema) {}
