package io.kcrawler.activities.schemaregistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fetches every version (or the latest) of every subject: with the bulk {@code GET /schemas}
 * endpoint, a page of up to {@link #SCHEMAS_PAGE_SIZE} schemas per request, and with per-subject
 * calls only on registries that lack it.
 */
final class SchemaFetcher {
  /** Newer registries cap {@code GET /schemas} pages at 1000 entries; asking for more is moot. */
  static final int SCHEMAS_PAGE_SIZE = 1000;

  /** Report progress every this many subjects of a per-subject fetch. */
  static final int PROGRESS_EVERY_SUBJECTS = 200;

  /** Where the fetch reports: pages done, items so far, warnings and notes. */
  interface Listener {
    void page(long fetchedSoFar);

    void subjects(long done, long total);

    void warn(String warning);

    /** How the read was made, when that is worth knowing but nothing is missing. */
    void note(String note);
  }

  private final SchemaRegistryClient client;
  private final boolean latestOnly;
  private final boolean softDeleted;
  private final Listener listener;
  private int pages;

  SchemaFetcher(
      SchemaRegistryClient client, boolean latestOnly, boolean softDeleted, Listener listener) {
    this.client = client;
    this.latestOnly = latestOnly;
    this.softDeleted = softDeleted;
    this.listener = listener;
  }

  /** Bulk pages fetched so far. */
  int pages() {
    return pages;
  }

  /** All versions (or the latest) of every subject, in subject then version order. */
  Map<String, List<RegisteredSchema>> fetch(List<String> subjects, Set<String> deletedSubjects) {
    Map<String, List<RegisteredSchema>> bySubject = new TreeMap<>();
    subjects.forEach(s -> bySubject.put(s, new ArrayList<>()));
    Set<String> seen = new HashSet<>();
    int offset = 0;
    while (true) {
      Optional<List<RegisteredSchema>> page =
          client.schemasPage(latestOnly, softDeleted, offset, SCHEMAS_PAGE_SIZE);
      if (page.isEmpty()) {
        // Normal on registries without the bulk endpoint: a complete read, not a degraded one.
        listener.note(
            "the registry has no bulk GET /schemas endpoint: read "
                + bySubject.size()
                + " subjects with per-subject calls");
        return fetchPerSubject(bySubject, deletedSubjects);
      }
      List<RegisteredSchema> entries = page.get();
      for (RegisteredSchema s : entries) {
        bySubject.computeIfAbsent(s.subject(), k -> new ArrayList<>()).add(s);
        seen.add(s.subject());
      }
      pages++;
      offset += entries.size();
      listener.page(offset);
      // A short page ends the listing once every subject showed up; a registry that caps pages
      // below our limit still has more to give until then.
      if (entries.isEmpty()
          || (entries.size() < SCHEMAS_PAGE_SIZE && seen.containsAll(bySubject.keySet()))) {
        break;
      }
    }
    if (latestOnly) {
      // Latest-only pages may still hold several entries per subject on some registries.
      bySubject.replaceAll(
          (s, list) -> list.size() <= 1 ? list : new ArrayList<>(List.of(latestOf(list))));
    }
    bySubject
        .values()
        .forEach(list -> list.sort(Comparator.comparingInt(RegisteredSchema::version)));
    return bySubject;
  }

  private static RegisteredSchema latestOf(List<RegisteredSchema> list) {
    return list.stream().max(Comparator.comparingInt(RegisteredSchema::version)).orElseThrow();
  }

  /**
   * The latest version of {@code subject}. Some registries never resolve "latest" to a soft-deleted
   * version, even with {@code deleted=true}: for a subject soft-deleted whole, the highest version
   * of its version list is fetched instead.
   */
  private RegisteredSchema latest(String subject, boolean deleted) {
    try {
      return client.version(subject, "latest", deleted);
    } catch (SchemaRegistryException e) {
      if (e.kind() != SchemaRegistryException.Kind.NOT_FOUND || !deleted) {
        throw e;
      }
      int highest =
          client.versions(subject, true).stream()
              .mapToInt(Integer::intValue)
              .max()
              .orElseThrow(() -> e);
      return client.version(subject, String.valueOf(highest), true);
    }
  }

  private Map<String, List<RegisteredSchema>> fetchPerSubject(
      Map<String, List<RegisteredSchema>> bySubject, Set<String> deletedSubjects) {
    int done = 0;
    for (Map.Entry<String, List<RegisteredSchema>> e : bySubject.entrySet()) {
      String subject = e.getKey();
      List<RegisteredSchema> list = e.getValue();
      list.clear();
      try {
        if (latestOnly) {
          list.add(latest(subject, deletedSubjects.contains(subject)));
        } else {
          for (int v : client.versions(subject, softDeleted)) {
            list.add(client.version(subject, String.valueOf(v), softDeleted));
          }
        }
      } catch (SchemaRegistryException ex) {
        if (ex.kind() != SchemaRegistryException.Kind.NOT_FOUND) {
          throw ex;
        }
        // Deleted between the listing and this call.
        listener.warn("subject " + subject + " vanished during the crawl: " + ex.getMessage());
        list.clear();
      }
      if (++done % PROGRESS_EVERY_SUBJECTS == 0) {
        listener.subjects(done, bySubject.size());
      }
    }
    return bySubject;
  }
}
