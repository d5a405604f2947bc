package io.kcrawler.model.schema;

/**
 * One field of a schema, flattened: {@code path} is dotted from the root ({@code
 * customer.address.street}; arrays add {@code []}, maps {@code {}}), {@code type} is the format's
 * type name, {@code defaultValue} is JSON text or null, {@code order} is the position among its
 * siblings, {@code role} is KEY or VALUE.
 */
public record SchemaField(
    String path,
    String name,
    String type,
    boolean optional,
    String defaultValue,
    String doc,
    int order,
    String role) {}
