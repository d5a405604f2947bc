package io.kcrawler.activities.schemaregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.BooleanSchema;
import org.everit.json.schema.CombinedSchema;
import org.everit.json.schema.ConstSchema;
import org.everit.json.schema.EmptySchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.FormatValidator;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.ReferenceSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;
import org.everit.json.schema.loader.SchemaClient;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/**
 * Flattens JSON Schemas with the everit-json-schema loader. {@code $ref}s to other subjects are
 * served from the registry's references by name, never fetched from the network. Properties keep
 * the order they are written in (the loader itself forgets it), read from the raw document.
 */
final class JsonSchemaParser {
  private final ObjectMapper mapper;

  JsonSchemaParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ParsedSchema parse(String text, List<ResolvedReference> references, String role) {
    Schema root;
    Map<String, JsonNode> documents = new HashMap<>();
    try {
      JsonNode raw = mapper.readTree(text);
      documents.put("", raw);
      if (raw.hasNonNull("$id")) {
        documents.put(raw.get("$id").asText(), raw);
      }
      Map<String, String> byName = new HashMap<>();
      for (ResolvedReference ref : references) {
        byName.put(ref.name(), ref.schema());
        JsonNode refRaw = mapper.readTree(ref.schema());
        documents.put(ref.name(), refRaw);
        if (refRaw.hasNonNull("$id")) {
          documents.put(refRaw.get("$id").asText(), refRaw);
        }
      }
      SchemaClient client =
          url -> {
            String found = lookup(byName, url);
            if (found == null) {
              throw new UncheckedIOException(
                  new IOException("$ref " + url + " is not one of the schema's references"));
            }
            return new ByteArrayInputStream(found.getBytes(StandardCharsets.UTF_8));
          };
      SchemaLoader.SchemaLoaderBuilder builder =
          SchemaLoader.builder()
              .schemaJson(new JSONObject(new JSONTokener(text)))
              .schemaClient(client);
      if (!raw.has("$schema")) {
        builder.draftV7Support();
      }
      root = builder.build().load().build();
    } catch (IOException | RuntimeException e) {
      return ParsedSchema.failed(e.getMessage());
    }
    FieldCollector out = new FieldCollector(role);
    new Walker(out, documents).descend(root, "", 0);
    return ParsedSchema.ok(root.getTitle(), out.fields());
  }

  /** A reference by exact name, else by its last path segment ("customer.json"). */
  private static <T> T lookup(Map<String, T> byName, String url) {
    T exact = byName.get(url);
    if (exact != null) {
      return exact;
    }
    String last = lastSegment(url);
    for (Map.Entry<String, T> e : byName.entrySet()) {
      if (!e.getKey().isEmpty() && lastSegment(e.getKey()).equals(last)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String lastSegment(String url) {
    String noFragment = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
    return noFragment.substring(noFragment.lastIndexOf('/') + 1);
  }

  private static final class Walker {
    private final FieldCollector out;
    private final Map<String, JsonNode> documents;
    private final Set<Schema> stack = Collections.newSetFromMap(new IdentityHashMap<>());

    Walker(FieldCollector out, Map<String, JsonNode> documents) {
      this.out = out;
      this.documents = documents;
    }

    void descend(Schema schema, String path, int depth) {
      Schema s = effective(schema);
      if (depth > FieldCollector.MAX_DEPTH || !stack.add(s)) {
        return; // recursive $ref: listed once
      }
      try {
        if (s instanceof ObjectSchema o) {
          object(o, path, depth);
        } else if (s instanceof ArraySchema a && a.getAllItemSchema() != null) {
          descend(a.getAllItemSchema(), FieldCollector.items(path), depth + 1);
        } else if (s instanceof CombinedSchema c) {
          List<Schema> branches = nonNull(c.getSubschemas());
          if (c.getCriterion() == CombinedSchema.ALL_CRITERION) {
            for (Schema b : branches) {
              descend(b, path, depth + 1);
            }
          } else {
            for (int i = 0; i < branches.size(); i++) {
              Schema b = effective(branches.get(i));
              if (b instanceof ObjectSchema || b instanceof CombinedSchema) {
                descend(b, FieldCollector.branch(path, branchName(b, i)), depth + 1);
              } else if (b instanceof ArraySchema) {
                descend(b, path, depth + 1);
              }
            }
          }
        }
      } finally {
        stack.remove(s);
      }
    }

    private void object(ObjectSchema o, String path, int depth) {
      Map<String, Schema> props = o.getPropertySchemas();
      if (props.isEmpty()) {
        Schema values = o.getSchemaOfAdditionalProperties();
        if (values != null) {
          descend(values, FieldCollector.values(path), depth + 1);
        }
        return;
      }
      List<String> required = o.getRequiredProperties();
      JsonNode raw = rawNode(o.getSchemaLocation());
      JsonNode rawProps = raw == null ? null : raw.path("properties");
      int order = 0;
      for (String name : orderedNames(o, rawProps)) {
        Schema prop = props.get(name);
        Schema eff = effective(prop);
        boolean optional = !required.contains(name) || isNullable(prop);
        String doc = prop.getDescription() != null ? prop.getDescription() : eff.getDescription();
        // everit drops some defaults (by draft and type); the document has them all, as written.
        JsonNode rawDefault = rawProps == null ? null : rawProps.path(name).get("default");
        String dflt = rawDefault != null ? rawDefault.toString() : defaultValue(prop, eff);
        out.add(path, name, typeName(eff), optional, dflt, doc, order++);
        descend(eff, FieldCollector.child(path, name), depth + 1);
      }
    }

    /** Property names in document order; any the raw document does not show come last, sorted. */
    private List<String> orderedNames(ObjectSchema o, JsonNode rawProps) {
      List<String> names = new ArrayList<>();
      if (rawProps != null && rawProps.isObject()) {
        Iterator<String> it = rawProps.fieldNames();
        while (it.hasNext()) {
          String n = it.next();
          if (o.getPropertySchemas().containsKey(n)) {
            names.add(n);
          }
        }
      }
      o.getPropertySchemas().keySet().stream()
          .filter(n -> !names.contains(n))
          .sorted()
          .forEach(names::add);
      return names;
    }

    private JsonNode rawNode(String location) {
      if (location == null) {
        return null;
      }
      int hash = location.indexOf('#');
      String doc = hash < 0 ? location : location.substring(0, hash);
      String pointer = hash < 0 ? "" : location.substring(hash + 1);
      JsonNode root = lookup(documents, doc);
      if (root == null) {
        return null;
      }
      JsonNode node = root.at(URLDecoder.decode(pointer, StandardCharsets.UTF_8));
      return node.isMissingNode() ? null : node;
    }
  }

  /** The schema behind references and nullable/synthetic wrappers. */
  static Schema effective(Schema s) {
    Schema current = s;
    for (int i = 0; i < FieldCollector.MAX_DEPTH; i++) {
      if (current instanceof ReferenceSchema r && r.getReferredSchema() != null) {
        current = r.getReferredSchema();
      } else if (current instanceof CombinedSchema c) {
        List<Schema> branches = nonNull(c.getSubschemas());
        if (branches.size() == 1) {
          current = branches.get(0);
        } else if (c.getCriterion() == CombinedSchema.ALL_CRITERION) {
          // "type": "string" with "enum": everit makes allOf(string, enum); the typed branch leads.
          Schema typed =
              branches.stream()
                  .filter(b -> !(b instanceof EnumSchema || b instanceof ConstSchema))
                  .findFirst()
                  .orElse(null);
          if (typed == null
              || branches.stream().filter(b -> b instanceof ObjectSchema).count() > 1) {
            return current;
          }
          current = typed;
        } else {
          return current;
        }
      } else {
        return current;
      }
    }
    return current;
  }

  private static List<Schema> nonNull(Collection<Schema> schemas) {
    return schemas.stream().filter(b -> !(b instanceof NullSchema)).toList();
  }

  private static boolean isNullable(Schema s) {
    Schema current = s instanceof ReferenceSchema r ? r.getReferredSchema() : s;
    if (Boolean.TRUE.equals(current.isNullable())) {
      return true;
    }
    return current instanceof CombinedSchema c
        && c.getCriterion() != CombinedSchema.ALL_CRITERION
        && c.getSubschemas().stream().anyMatch(b -> b instanceof NullSchema);
  }

  private static String branchName(Schema s, int index) {
    return s.getTitle() != null ? s.getTitle() : String.valueOf(index);
  }

  static String typeName(Schema s) {
    if (s instanceof StringSchema str) {
      FormatValidator f = str.getFormatValidator();
      String format = f == null || f == FormatValidator.NONE ? null : f.formatName();
      return format == null || format.isEmpty() || format.equals("unnamed-format")
          ? "string"
          : "string:" + format;
    }
    if (s instanceof NumberSchema n) {
      return n.requiresInteger() ? "integer" : "number";
    }
    if (s instanceof BooleanSchema) {
      return "boolean";
    }
    if (s instanceof NullSchema) {
      return "null";
    }
    if (s instanceof EnumSchema) {
      return "enum";
    }
    if (s instanceof ConstSchema) {
      return "const";
    }
    if (s instanceof ArraySchema a) {
      return a.getAllItemSchema() == null
          ? "array"
          : "array<" + typeName(effective(a.getAllItemSchema())) + ">";
    }
    if (s instanceof ObjectSchema o) {
      if (o.getPropertySchemas().isEmpty() && o.getSchemaOfAdditionalProperties() != null) {
        return "map<" + typeName(effective(o.getSchemaOfAdditionalProperties())) + ">";
      }
      return "object";
    }
    if (s instanceof CombinedSchema c) {
      String kind =
          c.getCriterion() == CombinedSchema.ONE_CRITERION
              ? "oneOf"
              : c.getCriterion() == CombinedSchema.ANY_CRITERION ? "anyOf" : "allOf";
      return kind
          + "<"
          + String.join(",", c.getSubschemas().stream().map(b -> typeName(effective(b))).toList())
          + ">";
    }
    if (s instanceof EmptySchema) {
      return "any";
    }
    return s.getClass().getSimpleName().replace("Schema", "").toLowerCase(java.util.Locale.ROOT);
  }

  private static String defaultValue(Schema declared, Schema effective) {
    Schema withDefault =
        declared.hasDefaultValue() ? declared : effective.hasDefaultValue() ? effective : null;
    if (withDefault == null) {
      return null;
    }
    Object v = withDefault.getDefaultValue();
    return v == null || v == JSONObject.NULL ? "null" : JSONObject.valueToString(v);
  }
}
