package io.kcrawler.activities.access;

import io.kcrawler.model.access.PrincipalAccess;
import io.kcrawler.model.access.ResourceAccess;
import io.kcrawler.model.kafka.AclMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves the cluster's ACL bindings to who may read, write and describe each topic and group,
 * deciding as Kafka's StandardAuthorizer does for a request from any host: a binding matches a
 * resource by literal name, the literal wildcard {@code *} or a name prefix, and a principal by
 * name or {@code User:*}; a matching DENY for the operation (or ALL) wins over every ALLOW; READ,
 * WRITE, DELETE and ALTER imply DESCRIBE (an implication of ALLOW only). Bindings for one host are
 * not access from anywhere: they are listed as host-restricted. Super users ({@code super.users})
 * and {@code allow.everyone.if.no.acl.found} are broker settings outside the ACLs.
 */
public final class AccessResolver {
  static final String WILDCARD_PRINCIPAL = "User:*";
  static final String ANY_HOST = "*";
  static final String WILDCARD_RESOURCE = "*";

  /** Operations whose ALLOW implies DESCRIBE, as in Kafka's authorizer. */
  private static final Set<String> IMPLY_DESCRIBE = Set.of("READ", "WRITE", "DELETE", "ALTER");

  /**
   * The bindings by resource type, then literal name, with the prefixed and wildcard ones apart: a
   * big cluster has tens of thousands of topics and thousands of bindings, and each resource needs
   * only the few that match it.
   */
  private final Map<String, Index> byType = new HashMap<>();

  private static final class Index {
    final Map<String, List<AclMetadata>> literal = new HashMap<>();
    final List<AclMetadata> wildcard = new ArrayList<>();
    final List<AclMetadata> prefixed = new ArrayList<>();

    List<AclMetadata> matching(String name) {
      List<AclMetadata> out = new ArrayList<>(literal.getOrDefault(name, List.of()));
      out.addAll(wildcard);
      for (AclMetadata a : prefixed) {
        if (name.startsWith(a.resourceName())) {
          out.add(a);
        }
      }
      return out;
    }
  }

  public AccessResolver(List<AclMetadata> acls) {
    for (AclMetadata a : acls) {
      Index index = byType.computeIfAbsent(a.resourceType(), t -> new Index());
      switch (a.patternType()) {
        case "LITERAL" -> {
          if (a.resourceName().equals(WILDCARD_RESOURCE)) {
            index.wildcard.add(a);
          } else {
            index.literal.computeIfAbsent(a.resourceName(), n -> new ArrayList<>()).add(a);
          }
        }
        case "PREFIXED" -> index.prefixed.add(a);
        default -> {} // MATCH and ANY exist only in filters, never in stored bindings
      }
    }
  }

  private List<AclMetadata> matching(String type, String name) {
    Index index = byType.get(type);
    return index == null ? List.of() : index.matching(name);
  }

  public ResourceAccess topic(String name) {
    return resolve("TOPIC", name, List.of("READ", "WRITE", "DESCRIBE"));
  }

  public ResourceAccess group(String id) {
    return resolve("GROUP", id, List.of("READ", "DESCRIBE"));
  }

  /**
   * Whether {@code principal} may perform {@code operation} on the resource from any host: the
   * question each list of {@link ResourceAccess} answers for every principal.
   */
  public boolean allowed(String resourceType, String name, String principal, String operation) {
    return allowed(matching(resourceType, name), principal, operation);
  }

  private static boolean allowed(List<AclMetadata> bindings, String principal, String operation) {
    List<AclMetadata> matching =
        bindings.stream()
            .filter(
                a -> a.principal().equals(principal) || a.principal().equals(WILDCARD_PRINCIPAL))
            .filter(a -> a.host().equals(ANY_HOST))
            .toList();
    boolean denied =
        matching.stream()
            .anyMatch(
                a ->
                    a.permission().equals("DENY")
                        && (a.operation().equals(operation) || a.operation().equals("ALL")));
    if (denied) {
      return false;
    }
    return matching.stream()
        .filter(a -> a.permission().equals("ALLOW"))
        .anyMatch(
            a ->
                a.operation().equals(operation)
                    || a.operation().equals("ALL")
                    || (operation.equals("DESCRIBE") && IMPLY_DESCRIBE.contains(a.operation())));
  }

  private ResourceAccess resolve(String type, String name, List<String> operations) {
    List<AclMetadata> bindings = matching(type, name);
    Set<String> principals = new TreeSet<>();
    bindings.forEach(a -> principals.add(a.principal()));
    principals.add(WILDCARD_PRINCIPAL);
    Map<String, List<String>> allowed = new TreeMap<>();
    Set<String> denied = new TreeSet<>();
    for (String op : operations) {
      List<String> who = new ArrayList<>();
      boolean everyone = allowed(bindings, WILDCARD_PRINCIPAL, op);
      for (String p : principals) {
        if (allowed(bindings, p, op)) {
          who.add(p);
        } else if (everyone) {
          denied.add(p);
        }
      }
      allowed.put(op, who);
    }
    List<String> hostRestricted = new ArrayList<>();
    bindings.stream()
        .filter(a -> !a.host().equals(ANY_HOST) && a.permission().equals("ALLOW"))
        .forEach(
            a -> hostRestricted.add(a.principal() + " " + a.operation() + " from " + a.host()));
    return new ResourceAccess(
        type,
        name,
        allowed.getOrDefault("READ", List.of()),
        allowed.getOrDefault("WRITE", List.of()),
        allowed.getOrDefault("DESCRIBE", List.of()),
        List.copyOf(denied),
        hostRestricted.stream().sorted().toList());
  }

  /** The same access by principal: every topic and group each principal is listed for. */
  public static List<PrincipalAccess> byPrincipal(List<ResourceAccess> resolved) {
    Map<String, List<List<String>>> by = new TreeMap<>();
    for (ResourceAccess r : resolved) {
      boolean topic = r.resourceType().equals("TOPIC");
      add(by, r.read(), topic ? 0 : 3, r.name());
      if (topic) {
        add(by, r.write(), 1, r.name());
        add(by, r.describe(), 2, r.name());
      }
    }
    List<PrincipalAccess> out = new ArrayList<>();
    by.forEach(
        (p, lists) ->
            out.add(
                new PrincipalAccess(p, lists.get(0), lists.get(1), lists.get(2), lists.get(3))));
    return out;
  }

  private static void add(
      Map<String, List<List<String>>> by, List<String> principals, int slot, String name) {
    for (String p : principals) {
      by.computeIfAbsent(
              p,
              k ->
                  List.of(
                      new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()))
          .get(slot)
          .add(name);
    }
  }
}
