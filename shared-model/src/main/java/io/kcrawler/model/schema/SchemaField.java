package io.kcrawler.model.schema;

/**
 * One field of a schema, flattened: {@code path} is dotted from the root ({@code
 * customer.address.street}; arrays add {@code []}, maps {@code {}}, and a union/oneOf branch that
 * is a record or object adds {@code (BranchName)}, e.g. {@code payment(Card).number}), {@code type}
 * is the format's type name (Avro {@code string}, {@code int:date}, {@code
 * record:com.acme.Customer}, {@code array<…>}, {@code map<…>}, {@code union<…>}; JSON Schema {@code
 * string:email}, {@code object}, {@code oneOf<…>}; Protobuf {@code int64}, {@code acme.Money},
 * {@code repeated<…>}, {@code map<k, v>}), {@code optional} is true for nullable or not-required
 * fields (every non-{@code required} Protobuf field), {@code defaultValue} is JSON text or null,
 * {@code order} is the position among its siblings, {@code role} is KEY or VALUE (VALUE when the
 * subject's name does not say).
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
