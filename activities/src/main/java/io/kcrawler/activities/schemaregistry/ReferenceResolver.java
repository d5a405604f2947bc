package io.kcrawler.activities.schemaregistry;

import io.kcrawler.model.schema.SchemaReference;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a schema's references, transitively, from the schemas the crawl already fetched and, for
 * those it did not (another subject's version, "latest"), from the registry, once each.
 */
final class ReferenceResolver {
  private final SchemaRegistryClient client;
  private final Map<String, RegisteredSchema> byKey = new ConcurrentHashMap<>();

  ReferenceResolver(SchemaRegistryClient client) {
    this.client = client;
  }

  /** Makes the fetched schemas available as reference targets. */
  void know(Collection<List<RegisteredSchema>> fetched) {
    fetched.forEach(list -> list.forEach(s -> byKey.put(key(s.subject(), s.version()), s)));
  }

  /**
   * The schema's references, transitively, dependencies before dependants.
   *
   * @throws MissingReferenceException when the registry lacks one (the version's parse error)
   */
  List<ResolvedReference> references(RegisteredSchema s) {
    if (s.refs().isEmpty()) {
      return List.of();
    }
    Map<String, ResolvedReference> out = new LinkedHashMap<>();
    collect(s.refs(), out, new HashSet<>());
    return List.copyOf(out.values());
  }

  private void collect(
      List<SchemaReference> refs, Map<String, ResolvedReference> out, Set<String> visiting) {
    for (SchemaReference ref : refs) {
      RegisteredSchema target = fetch(ref);
      String k = key(target.subject(), target.version());
      if (out.containsKey(k) || !visiting.add(k)) {
        continue;
      }
      collect(target.refs(), out, visiting);
      out.put(k, new ResolvedReference(ref.name(), ref.subject(), ref.version(), target.schema()));
    }
  }

  private RegisteredSchema fetch(SchemaReference ref) {
    // Version -1 means "latest" in Confluent's reference syntax.
    if (ref.version() > 0) {
      RegisteredSchema cached = byKey.get(key(ref.subject(), ref.version()));
      if (cached != null) {
        return cached;
      }
    }
    try {
      RegisteredSchema fetched =
          client.version(
              ref.subject(), ref.version() > 0 ? String.valueOf(ref.version()) : "latest", true);
      byKey.put(key(fetched.subject(), fetched.version()), fetched);
      return fetched;
    } catch (SchemaRegistryException e) {
      if (e.kind() == SchemaRegistryException.Kind.NOT_FOUND) {
        throw new MissingReferenceException(
            "reference "
                + ref.name()
                + " (subject "
                + ref.subject()
                + " version "
                + ref.version()
                + ") is not in the registry: "
                + e.getMessage());
      }
      throw e;
    }
  }

  private static String key(String subject, int version) {
    return subject + "\u0000" + version;
  }

  /** A reference the registry does not have: recorded as the version's parse error. */
  static final class MissingReferenceException extends RuntimeException {
    MissingReferenceException(String message) {
      super(message, null, false, false);
    }
  }
}
