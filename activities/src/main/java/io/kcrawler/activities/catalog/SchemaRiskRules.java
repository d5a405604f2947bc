package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schema rules: a subject's compatibility relaxed, and a version newer than the previous
 * crawl's latest that removes a field or changes its type, from the parsed fields of that version
 * and the one before it (both in this crawl's artifact).
 */
final class SchemaRiskRules {
  /** Fields named in one sentence; the before/after columns list them all. */
  private static final int FIELDS_IN_SENTENCE = 5;

  private final RiskRun run;
  private final RiskState.Previous prev;
  private final boolean compare;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  SchemaRiskRules(RiskRun run, ArtifactStore store, ObjectMapper mapper) {
    this.run = run;
    this.prev = run.prev;
    this.compare = run.compare;
    this.store = store;
    this.mapper = mapper;
  }

  void check(Map<String, String> artifacts) throws IOException {
    String key = artifacts.get(ArtifactKinds.SCHEMA_SUBJECTS);
    if (key == null) {
      prev.subjects.values().forEach(run::write);
      if (!prev.subjects.isEmpty()) {
        run.notChecked("schema rules: no usable " + ArtifactKinds.SCHEMA_SUBJECTS + " this crawl");
      }
      return;
    }
    JsonLines.forEach(
        store,
        key,
        SchemaSubjectMetadata.class,
        mapper,
        s -> {
          if (s.deleted()) {
            return; // soft-deleted subjects are not published either
          }
          List<SchemaVersionMetadata> versions =
              s.versions() == null
                  ? List.of()
                  : s.versions().stream().filter(v -> !v.deleted()).toList();
          Integer latest = versions.isEmpty() ? null : versions.get(versions.size() - 1).version();
          Entry now = Entry.subject(s.subject(), s.shownCompatibility(), latest);
          run.write(now);
          Entry before = prev.subjects.get(s.subject());
          if (compare && before != null) {
            subjectRules(before, now, versions);
          }
        });
  }

  void subjectRules(Entry before, Entry now, List<SchemaVersionMetadata> versions) {
    String subject = now.name();
    if (relaxed(before.compatibility(), now.compatibility())) {
      run.add(
          RiskFinding.of(
              RiskRule.COMPATIBILITY_RELAXED,
              subject,
              "Subject "
                  + subject
                  + "'s compatibility went from "
                  + before.compatibility()
                  + " to "
                  + now.compatibility()
                  + ": the registry now accepts schemas "
                  + before.compatibility()
                  + " would have refused, which can break readers.",
              before.compatibility(),
              now.compatibility()));
    }
    if (before.latestVersion() == null) {
      return;
    }
    for (int i = 1; i < versions.size(); i++) {
      SchemaVersionMetadata v = versions.get(i);
      SchemaVersionMetadata p = versions.get(i - 1);
      if (v.version() > before.latestVersion()
          && v.fields() != null
          && p.fields() != null
          && v.parseError() == null
          && p.parseError() == null) {
        compareFields(subject, p, v);
      }
    }
  }

  void compareFields(String subject, SchemaVersionMetadata p, SchemaVersionMetadata v) {
    Map<String, String> was = new LinkedHashMap<>();
    p.fields().forEach(f -> was.put(f.path(), f.type()));
    Map<String, String> is = new LinkedHashMap<>();
    v.fields().forEach(f -> is.put(f.path(), f.type()));
    List<String> removed = new ArrayList<>();
    List<String> retyped = new ArrayList<>();
    List<String> oldTypes = new ArrayList<>();
    List<String> newTypes = new ArrayList<>();
    for (Map.Entry<String, String> f : was.entrySet()) {
      String type = is.get(f.getKey());
      if (!is.containsKey(f.getKey())) {
        removed.add(f.getKey());
      } else if (type != null && f.getValue() != null && !type.equals(f.getValue())) {
        retyped.add(f.getKey());
        oldTypes.add(f.getKey() + ": " + f.getValue());
        newTypes.add(f.getKey() + ": " + type);
      }
    }
    String versions = "v" + v.version() + " (after v" + p.version() + ")";
    if (!removed.isEmpty()) {
      run.add(
          RiskFinding.of(
              RiskRule.SCHEMA_FIELD_REMOVED,
              subject,
              "Subject "
                  + subject
                  + " "
                  + versions
                  + " removes "
                  + fieldList(removed)
                  + ": readers that use "
                  + (removed.size() == 1 ? "it" : "them")
                  + " get nothing or a default from new records.",
              "v" + p.version() + ": " + String.join(", ", removed),
              "v" + v.version() + ": removed"));
    }
    if (!retyped.isEmpty()) {
      run.add(
          RiskFinding.of(
              RiskRule.SCHEMA_FIELD_TYPE_CHANGED,
              subject,
              "Subject "
                  + subject
                  + " "
                  + versions
                  + " changes the type of "
                  + fieldList(retyped)
                  + ": readers of the old type fail or misread new records.",
              "v" + p.version() + ": " + String.join(", ", oldTypes),
              "v" + v.version() + ": " + String.join(", ", newTypes)));
    }
  }

  /**
   * Whether a subject's compatibility gives fewer guarantees now: any of backward, forward or
   * transitive that the old level had and the new one lacks (NONE has none).
   */
  static boolean relaxed(String before, String now) {
    if (before == null || now == null || before.equals(now)) {
      return false;
    }
    Set<String> was = guarantees(before);
    return !guarantees(now).containsAll(was);
  }

  private static Set<String> guarantees(String level) {
    String l = level.toUpperCase(Locale.ROOT);
    Set<String> g = new HashSet<>();
    if (l.startsWith("BACKWARD") || l.startsWith("FULL")) {
      g.add("backward");
    }
    if (l.startsWith("FORWARD") || l.startsWith("FULL")) {
      g.add("forward");
    }
    if (l.endsWith("_TRANSITIVE")) {
      g.add("transitive");
    }
    return g;
  }

  private static String fieldList(List<String> fields) {
    List<String> shown = fields.subList(0, Math.min(fields.size(), FIELDS_IN_SENTENCE));
    String list = String.join(", ", shown);
    return (fields.size() == 1 ? "field " : "fields ")
        + list
        + (fields.size() > shown.size() ? " and " + (fields.size() - shown.size()) + " more" : "");
  }
}
