package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.kafka.AclMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The access rules over the ACL bindings the brokers phase read: a new wildcard, prefixed or
 * every-principal grant to read or write topics, and a principal that can write a topic for the
 * first time. DENY bindings only narrow access and are not findings.
 */
final class AccessRiskRules {
  private static final Set<String> TOPIC_DATA_OPERATIONS = Set.of("READ", "WRITE", "ALL");
  private static final Set<String> WRITE_OPERATIONS = Set.of("WRITE", "ALL");
  private static final String WILDCARD_PRINCIPAL = "User:*";

  private final RiskRun run;
  private final RiskState.Previous prev;
  private final boolean compare;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  AccessRiskRules(RiskRun run, ArtifactStore store, ObjectMapper mapper) {
    this.run = run;
    this.prev = run.prev;
    this.compare = run.compare;
    this.store = store;
    this.mapper = mapper;
  }

  void check(Map<String, String> artifacts) throws IOException {
    String key = artifacts.get(ArtifactKinds.ACLS);
    if (key == null) {
      if (prev.aclsRead) {
        run.write(Entry.aclsRead());
        prev.acls.forEach(a -> run.write(Entry.acl(a)));
      }
      if (compare) {
        run.notChecked(
            "access rules: ACLs not read this crawl (no authorizer, or DESCRIBE on the cluster"
                + " denied)");
      }
      return;
    }
    List<AclMetadata> now = new ArrayList<>();
    JsonLines.forEach(store, key, AclMetadata.class, mapper, now::add);
    run.write(Entry.aclsRead());
    now.forEach(a -> run.write(Entry.acl(a)));
    if (!compare) {
      return;
    }
    if (!prev.aclsRead) {
      run.notChecked("access rules: the previous crawl read no ACLs; this crawl is their baseline");
      return;
    }
    Set<AclMetadata> before = new HashSet<>(prev.acls);
    for (AclMetadata a : now) {
      if (!before.contains(a) && widens(a)) {
        run.add(
            RiskFinding.of(
                RiskRule.ACCESS_WIDENED_WILDCARD,
                a.principal(),
                (a.principal().equals(WILDCARD_PRINCIPAL) ? "Every principal" : a.principal())
                    + " may now "
                    + a.operation()
                    + " "
                    + reach(a)
                    + (a.host().equals("*") ? "" : " from " + a.host())
                    + ", including topics created later.",
                null,
                binding(a)));
      }
    }
    Map<String, List<AclMetadata>> writersBefore = writers(prev.acls);
    for (Map.Entry<String, List<AclMetadata>> w : writers(now).entrySet()) {
      if (!writersBefore.containsKey(w.getKey())) {
        run.add(
            RiskFinding.of(
                RiskRule.NEW_WRITER,
                w.getKey(),
                w.getKey()
                    + " can now write to "
                    + String.join(", ", w.getValue().stream().map(AccessRiskRules::reach).toList())
                    + "; before, it could write to no topic.",
                "no topic",
                String.join(", ", w.getValue().stream().map(AccessRiskRules::binding).toList())));
      }
    }
  }

  /**
   * A new ALLOW to read or write topics that is not for one named topic or not for one principal.
   */
  static boolean widens(AclMetadata a) {
    return a.permission().equals("ALLOW")
        && a.resourceType().equals("TOPIC")
        && TOPIC_DATA_OPERATIONS.contains(a.operation())
        && (a.patternType().equals("PREFIXED")
            || (a.patternType().equals("LITERAL") && a.resourceName().equals("*"))
            || a.principal().equals(WILDCARD_PRINCIPAL));
  }

  /** Principals with an ALLOW to write some topic, with those bindings. */
  static Map<String, List<AclMetadata>> writers(List<AclMetadata> acls) {
    Map<String, List<AclMetadata>> writers = new TreeMap<>();
    for (AclMetadata a : acls) {
      if (a.permission().equals("ALLOW")
          && a.resourceType().equals("TOPIC")
          && WRITE_OPERATIONS.contains(a.operation())) {
        writers.computeIfAbsent(a.principal(), p -> new ArrayList<>()).add(a);
      }
    }
    return writers;
  }

  private static String reach(AclMetadata a) {
    if (a.patternType().equals("PREFIXED")) {
      return "every topic whose name starts with '" + a.resourceName() + "'";
    }
    if (a.resourceName().equals("*")) {
      return "every topic";
    }
    return "topic " + a.resourceName();
  }

  private static String binding(AclMetadata a) {
    return a.permission()
        + " "
        + a.principal()
        + " "
        + a.operation()
        + " "
        + a.resourceType()
        + " "
        + a.patternType()
        + ":"
        + a.resourceName()
        + (a.host().equals("*") ? "" : " host " + a.host());
  }
}
