package io.kcrawler.model.schema;

/** A schema reference as the registry returns it: import name, subject and version. */
public record SchemaReference(String name, String subject, int version) {}
