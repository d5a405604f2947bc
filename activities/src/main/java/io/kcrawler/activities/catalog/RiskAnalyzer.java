package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.catalog.RiskState.Entry;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.ArtifactRef;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.Phases;
import io.kcrawler.model.activities.PublishRequest;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.kafka.ConsumerGroupMetadata;
import io.kcrawler.model.kafka.TopicConfigs;
import io.kcrawler.model.kafka.TopicMetadata;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies the {@link RiskRule}s to one crawl: streams the crawl's topics, configs, groups, subjects
 * and ACLs once, compares each with the connection's {@link RiskState} of the previous successful
 * crawl, and writes this crawl's state for the next one. A kind whose artifact is not usable this
 * time (its phase failed or was denied) is carried over unchanged and its rules are not checked, so
 * a failed phase is never reported as everything vanished.
 */
final class RiskAnalyzer {
  /**
   * Lag compared for growth is at least this many records: 3 → 9 is a factor of three and means
   * nothing; growth is measured from this floor.
   */
  static final long MIN_LAG_BASE = 100;

  /** Fields named in one sentence; the before/after columns list them all. */
  private static final int FIELDS_IN_SENTENCE = 5;

  /** The kinds the rules read, with the phase that writes each. */
  private static final Map<String, String> KINDS =
      Map.of(
          ArtifactKinds.TOPICS, Phases.TOPICS,
          ArtifactKinds.TOPIC_CONFIGS, Phases.TOPIC_CONFIGS,
          ArtifactKinds.CONSUMER_GROUPS, Phases.CONSUMER_GROUPS,
          ArtifactKinds.SCHEMA_SUBJECTS, Phases.SCHEMAS,
          ArtifactKinds.ACLS, Phases.BROKERS);

  private static final Set<String> TOPIC_DATA_OPERATIONS = Set.of("READ", "WRITE", "ALL");
  private static final Set<String> WRITE_OPERATIONS = Set.of("WRITE", "ALL");

  /** What an analysis produced: the report and this crawl's state, to promote on success. */
  record Result(RiskReport report, ArtifactRef state) {}

  /** The config values of one topic the rules compare. */
  private record TopicSettings(
      Integer minIsr, Long retentionMs, Long retentionBytes, String cleanupPolicy) {
    static TopicSettings of(TopicConfigs c) {
      return new TopicSettings(
          asInt(c.value("min.insync.replicas")),
          asLong(c.value("retention.ms")),
          asLong(c.value("retention.bytes")),
          normalisePolicy(c.value("cleanup.policy")));
    }

    static TopicSettings of(Entry previous) {
      return previous == null
          ? new TopicSettings(null, null, null, null)
          : new TopicSettings(
              previous.minInsyncReplicas(),
              previous.retentionMs(),
              previous.retentionBytes(),
              previous.cleanupPolicy());
    }
  }

  private final ArtifactStore store;
  private final ObjectMapper mapper;
  private final double lagGrowthFactor;
  private final int idleCrawls;

  RiskAnalyzer(ArtifactStore store, ObjectMapper mapper, ChangeReportConfig config) {
    this.store = store;
    this.mapper = mapper;
    this.lagGrowthFactor = config.lagGrowthFactorOrDefault();
    this.idleCrawls = config.idleCrawlsOrDefault();
  }

  /** Compares the crawl of {@code request} with the connection's state; writes the new state. */
  Result analyze(PublishRequest request, String runStateKey) throws IOException {
    String connectionId = request.context().connectionId();
    Map<String, String> artifacts = CrawlIndex.usableArtifacts(store, request, KINDS);
    RiskState.Previous prev = RiskState.load(store, connectionId, mapper);
    Run run = new Run(prev);
    try (JsonLines.Writer<Entry> out = JsonLines.writer(store, runStateKey, mapper)) {
      run.out = out;
      Set<String> deletedTopics = run.topics(artifacts);
      run.groups(artifacts, deletedTopics);
      run.subjects(artifacts);
      run.acls(artifacts);
      ArtifactRef state = out.finish();
      return new Result(run.report(), state);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The state of one analysis. */
  private final class Run {
    final RiskState.Previous prev;
    final boolean compare;
    final Findings findings = new Findings();
    final List<String> notChecked = new ArrayList<>();
    final PriorityQueue<RiskReport.LagTrend> topLag =
        new PriorityQueue<>(Comparator.comparingLong(currentLag()));
    final Map<String, RiskReport.LagTrend> flagged = new TreeMap<>();
    JsonLines.Writer<Entry> out;

    Run(RiskState.Previous prev) {
      this.prev = prev;
      this.compare = prev.exists;
    }

    void write(Entry e) {
      try {
        out.write(e);
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    }

    /** Topic rules; returns the topics of the previous crawl that are gone (when known). */
    Set<String> topics(Map<String, String> artifacts) throws IOException {
      String topicsKey = artifacts.get(ArtifactKinds.TOPICS);
      if (topicsKey == null) {
        prev.topics.values().forEach(this::write);
        notChecked("topic rules: no usable " + ArtifactKinds.TOPICS + " this crawl");
        return Set.of();
      }
      Map<String, TopicSettings> settings = null;
      String configsKey = artifacts.get(ArtifactKinds.TOPIC_CONFIGS);
      if (configsKey != null) {
        Map<String, TopicSettings> read = new HashMap<>();
        JsonLines.forEach(
            store,
            configsKey,
            TopicConfigs.class,
            mapper,
            c -> read.put(c.topic(), TopicSettings.of(c)));
        settings = read;
      } else {
        notChecked(
            "config rules (retention, cleanup policy, min.insync.replicas): no usable "
                + ArtifactKinds.TOPIC_CONFIGS
                + " this crawl; the previous values are kept");
      }
      Map<String, TopicSettings> configs = settings;
      JsonLines.forEach(
          store,
          topicsKey,
          TopicMetadata.class,
          mapper,
          t -> {
            Entry before = prev.topics.remove(t.name());
            TopicSettings c =
                configs == null
                    ? TopicSettings.of(before)
                    : configs.getOrDefault(t.name(), new TopicSettings(null, null, null, null));
            Entry now =
                Entry.topic(
                    t.name(),
                    t.partitionCount(),
                    t.replicationFactor(),
                    c.minIsr(),
                    c.retentionMs(),
                    c.retentionBytes(),
                    c.cleanupPolicy(),
                    t.underReplicatedPartitions(),
                    t.offlinePartitions());
            write(now);
            if (compare && before != null) {
              topicRules(before, now);
            }
          });
      return compare ? new HashSet<>(prev.topics.keySet()) : Set.of();
    }

    void topicRules(Entry before, Entry now) {
      String topic = now.name();
      retention(topic, before, now);
      if (before.cleanupPolicy() != null
          && now.cleanupPolicy() != null
          && !before.cleanupPolicy().equals(now.cleanupPolicy())) {
        findings.add(
            RiskFinding.of(
                RiskRule.CLEANUP_POLICY_CHANGED,
                topic,
                cleanupSentence(topic, before.cleanupPolicy(), now.cleanupPolicy()),
                "cleanup.policy=" + before.cleanupPolicy(),
                "cleanup.policy=" + now.cleanupPolicy()));
      }
      if (!before.partitions().equals(now.partitions())) {
        findings.add(
            RiskFinding.of(
                RiskRule.PARTITION_COUNT_CHANGED,
                topic,
                "Topic "
                    + topic
                    + " went from "
                    + before.partitions()
                    + " to "
                    + now.partitions()
                    + " partitions: records with the same key now go to another partition, so"
                    + " per-key order is not kept across the change.",
                plural(before.partitions(), "partition"),
                plural(now.partitions(), "partition")));
      }
      Integer marginBefore = margin(before);
      Integer marginNow = margin(now);
      if (marginBefore != null && marginNow != null && marginNow < 1 && marginNow < marginBefore) {
        String effect =
            marginNow < 0
                ? "producers with acks=all cannot write to it at all."
                : "one broker down stops producers with acks=all.";
        findings.add(
            RiskFinding.of(
                RiskRule.REPLICATION_BELOW_MIN_ISR,
                topic,
                "Topic "
                    + topic
                    + " has replication factor "
                    + now.replicationFactor()
                    + " and min.insync.replicas "
                    + now.minInsyncReplicas()
                    + ": "
                    + effect,
                replication(before),
                replication(now)));
      }
      if (before.underReplicated() == 0 && now.underReplicated() > 0) {
        findings.add(
            RiskFinding.of(
                RiskRule.PARTITIONS_UNDER_REPLICATED,
                topic,
                now.underReplicated()
                    + " of "
                    + now.partitions()
                    + " partitions of "
                    + topic
                    + " are under-replicated: one more broker failure can stop writes or lose"
                    + " acknowledged records.",
                "0 under-replicated",
                now.underReplicated() + " under-replicated"));
      }
      if (before.offline() == 0 && now.offline() > 0) {
        findings.add(
            RiskFinding.of(
                RiskRule.PARTITIONS_OFFLINE,
                topic,
                now.offline()
                    + " of "
                    + now.partitions()
                    + " partitions of "
                    + topic
                    + " have no leader: nobody can read or write them.",
                "0 offline",
                now.offline() + " offline"));
      }
    }

    void retention(String topic, Entry before, Entry now) {
      List<String> was = new ArrayList<>();
      List<String> is = new ArrayList<>();
      List<String> says = new ArrayList<>();
      if (lowered(before.retentionMs(), now.retentionMs())) {
        was.add("retention.ms=" + before.retentionMs());
        is.add("retention.ms=" + now.retentionMs());
        says.add(
            "records for "
                + duration(now.retentionMs())
                + " instead of "
                + duration(before.retentionMs()));
      }
      if (lowered(before.retentionBytes(), now.retentionBytes())) {
        was.add("retention.bytes=" + before.retentionBytes());
        is.add("retention.bytes=" + now.retentionBytes());
        says.add(
            "at most "
                + bytes(now.retentionBytes())
                + " per partition instead of "
                + bytes(before.retentionBytes()));
      }
      if (!says.isEmpty()) {
        findings.add(
            RiskFinding.of(
                RiskRule.RETENTION_LOWERED,
                topic,
                "Topic "
                    + topic
                    + " now keeps "
                    + String.join(" and ", says)
                    + ": consumers that lag or replay lose data sooner.",
                String.join(", ", was),
                String.join(", ", is)));
      }
    }

    void groups(Map<String, String> artifacts, Set<String> deletedTopics) throws IOException {
      Map<String, Set<String>> readersOfDeleted = new TreeMap<>();
      String groupsKey = artifacts.get(ArtifactKinds.CONSUMER_GROUPS);
      if (groupsKey == null) {
        prev.groups.values().forEach(this::write);
        prev.groups.values().forEach(g -> readers(g, deletedTopics, readersOfDeleted));
        notChecked(
            "consumer group rules: no usable " + ArtifactKinds.CONSUMER_GROUPS + " this crawl");
      } else {
        JsonLines.forEach(
            store,
            groupsKey,
            ConsumerGroupMetadata.class,
            mapper,
            g -> {
              Entry before = prev.groups.remove(g.groupId());
              Entry now = groupEntry(g, before);
              write(now);
              if (before != null) {
                readers(before, deletedTopics, readersOfDeleted);
              }
              if (compare && before != null) {
                groupRules(before, now);
              }
              trend(now);
            });
        for (Entry gone : new TreeMap<>(prev.groups).values()) {
          readers(gone, deletedTopics, readersOfDeleted);
          if (compare) {
            findings.add(
                RiskFinding.of(
                    RiskRule.GROUP_VANISHED,
                    gone.name(),
                    "Consumer group "
                        + gone.name()
                        + " is gone with its committed positions: a consumer that starts under"
                        + " this id again begins at auto.offset.reset (re-reads or skips data).",
                    describeGroup(gone),
                    "gone"));
          }
        }
      }
      for (String topic : new TreeSet<>(deletedTopics)) {
        Set<String> readers = readersOfDeleted.get(topic);
        if (readers != null && !readers.isEmpty()) {
          findings.add(
              RiskFinding.of(
                  RiskRule.TOPIC_WITH_CONSUMERS_DELETED,
                  topic,
                  "Topic "
                      + topic
                      + " was deleted while consumer group"
                      + (readers.size() == 1 ? " " : "s ")
                      + String.join(", ", readers)
                      + (readers.size() == 1
                          ? " reads it: it loses its input and its position."
                          : " read it: they lose their input and their positions."),
                  "read by " + String.join(", ", readers),
                  "deleted"));
        }
      }
    }

    private void readers(Entry group, Set<String> deleted, Map<String, Set<String>> readers) {
      if (deleted.isEmpty() || group.topics() == null) {
        return;
      }
      for (String t : group.topics()) {
        if (deleted.contains(t)) {
          readers.computeIfAbsent(t, k -> new TreeSet<>()).add(group.name());
        }
      }
    }

    Entry groupEntry(ConsumerGroupMetadata g, Entry before) {
      // -1: nothing committed; such a group has no position to stand still at.
      long committed = -1;
      if (g.offsets() != null && !g.offsets().isEmpty()) {
        committed = 0;
        for (ConsumerGroupMetadata.PartitionLag o : g.offsets()) {
          committed += o.committedOffset();
        }
      }
      int still =
          before != null && before.committed() != null && before.committed() == committed
              ? before.crawlsWithoutCommit() + 1
              : 1;
      List<Long> history = new ArrayList<>();
      if (before != null && before.lagHistory() != null) {
        history.addAll(before.lagHistory());
      }
      history.add(g.totalLag());
      if (history.size() > RiskState.LAG_HISTORY) {
        history =
            new ArrayList<>(
                history.subList(history.size() - RiskState.LAG_HISTORY, history.size()));
      }
      return Entry.group(
          g.groupId(),
          g.totalLag(),
          committed,
          still,
          List.copyOf(history),
          List.copyOf(CrawlIndex.topicsOf(g)));
    }

    void groupRules(Entry before, Entry now) {
      long was = before.totalLag() == null ? 0 : before.totalLag();
      long is = now.totalLag();
      if (is > lagGrowthFactor * Math.max(was, MIN_LAG_BASE)) {
        findings.add(
            RiskFinding.of(
                RiskRule.GROUP_LAG_GREW,
                now.name(),
                "Consumer group "
                    + now.name()
                    + "'s lag grew from "
                    + was
                    + " to "
                    + is
                    + " records since the previous crawl (more than ×"
                    + factor()
                    + "): its consumers are falling behind.",
                was + " records",
                is + " records"));
        flag(now);
      }
      if (idle(now) && !idle(before)) {
        findings.add(
            RiskFinding.of(
                RiskRule.GROUP_IDLE,
                now.name(),
                "Consumer group "
                    + now.name()
                    + " has not committed across "
                    + now.crawlsWithoutCommit()
                    + " crawls while "
                    + now.totalLag()
                    + " records wait: its consumers have stopped.",
                plural(before.crawlsWithoutCommit(), "crawl") + " without a commit",
                plural(now.crawlsWithoutCommit(), "crawl")
                    + " without a commit, lag "
                    + now.totalLag()));
        flag(now);
      }
    }

    boolean idle(Entry g) {
      return g.committed() != null
          && g.committed() >= 0
          && g.crawlsWithoutCommit() != null
          && g.crawlsWithoutCommit() >= idleCrawls
          && g.totalLag() != null
          && g.totalLag() > 0;
    }

    private String factor() {
      return lagGrowthFactor == Math.rint(lagGrowthFactor)
          ? String.valueOf((long) lagGrowthFactor)
          : String.valueOf(lagGrowthFactor);
    }

    RiskReport.LagTrend lagTrend(Entry g) {
      return new RiskReport.LagTrend(g.name(), g.lagHistory(), g.crawlsWithoutCommit(), idle(g));
    }

    void trend(Entry g) {
      if (g.totalLag() <= 0) {
        return;
      }
      topLag.add(lagTrend(g));
      if (topLag.size() > RiskReport.MAX_TREND_GROUPS) {
        topLag.poll();
      }
    }

    void flag(Entry g) {
      if (flagged.size() < RiskReport.MAX_TREND_GROUPS) {
        flagged.put(g.name(), lagTrend(g));
      }
    }

    void subjects(Map<String, String> artifacts) throws IOException {
      String key = artifacts.get(ArtifactKinds.SCHEMA_SUBJECTS);
      if (key == null) {
        prev.subjects.values().forEach(this::write);
        if (!prev.subjects.isEmpty()) {
          notChecked("schema rules: no usable " + ArtifactKinds.SCHEMA_SUBJECTS + " this crawl");
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
            Integer latest =
                versions.isEmpty() ? null : versions.get(versions.size() - 1).version();
            Entry now = Entry.subject(s.subject(), s.shownCompatibility(), latest);
            write(now);
            Entry before = prev.subjects.get(s.subject());
            if (compare && before != null) {
              subjectRules(before, now, versions);
            }
          });
    }

    void subjectRules(Entry before, Entry now, List<SchemaVersionMetadata> versions) {
      String subject = now.name();
      if (relaxed(before.compatibility(), now.compatibility())) {
        findings.add(
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
        findings.add(
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
        findings.add(
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

    void acls(Map<String, String> artifacts) throws IOException {
      String key = artifacts.get(ArtifactKinds.ACLS);
      if (key == null) {
        if (prev.aclsRead) {
          write(Entry.aclsRead());
          prev.acls.forEach(a -> write(Entry.acl(a)));
        }
        if (compare) {
          notChecked(
              "access rules: ACLs not read this crawl (no authorizer, or DESCRIBE on the cluster"
                  + " denied)");
        }
        return;
      }
      List<AclMetadata> now = new ArrayList<>();
      JsonLines.forEach(store, key, AclMetadata.class, mapper, now::add);
      write(Entry.aclsRead());
      now.forEach(a -> write(Entry.acl(a)));
      if (!compare) {
        return;
      }
      if (!prev.aclsRead) {
        notChecked("access rules: the previous crawl read no ACLs; this crawl is their baseline");
        return;
      }
      Set<AclMetadata> before = new HashSet<>(prev.acls);
      for (AclMetadata a : now) {
        if (!before.contains(a) && widens(a)) {
          findings.add(
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
          findings.add(
              RiskFinding.of(
                  RiskRule.NEW_WRITER,
                  w.getKey(),
                  w.getKey()
                      + " can now write to "
                      + String.join(", ", w.getValue().stream().map(RiskAnalyzer::reach).toList())
                      + "; before, it could write to no topic.",
                  "no topic",
                  String.join(", ", w.getValue().stream().map(RiskAnalyzer::binding).toList())));
        }
      }
    }

    void notChecked(String why) {
      if (compare) {
        notChecked.add(why);
      }
    }

    RiskReport report() {
      Map<RiskLevel, List<RiskFinding>> byLevel = new EnumMap<>(RiskLevel.class);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (RiskLevel level : RiskLevel.values()) {
        List<RiskFinding> list = new ArrayList<>(findings.listed.getOrDefault(level, List.of()));
        list.sort(
            Comparator.comparingInt((RiskFinding f) -> rule(f.rule()).ordinal())
                .thenComparing(RiskFinding::subject));
        byLevel.put(level, List.copyOf(list));
        counts.put(level.key(), findings.counts.getOrDefault(level, 0L));
      }
      Map<String, Long> byRule = new LinkedHashMap<>();
      for (RiskRule r : RiskRule.values()) {
        Long n = findings.byRule.get(r.id());
        if (n != null) {
          byRule.put(r.id(), n);
        }
      }
      Map<String, RiskReport.LagTrend> trends = new TreeMap<>(flagged);
      topLag.forEach(t -> trends.putIfAbsent(t.group(), t));
      List<RiskReport.LagTrend> lagTrends = new ArrayList<>(trends.values());
      lagTrends.sort(
          Comparator.comparingLong(currentLag())
              .reversed()
              .thenComparing(RiskReport.LagTrend::group));
      return new RiskReport(
          !compare, counts, byRule, byLevel, List.copyOf(lagTrends), List.copyOf(notChecked));
    }
  }

  private static java.util.function.ToLongFunction<RiskReport.LagTrend> currentLag() {
    return t -> t.lags().isEmpty() ? 0 : t.lags().get(t.lags().size() - 1);
  }

  private static final String WILDCARD_PRINCIPAL = "User:*";

  private static RiskRule rule(String id) {
    return Arrays.stream(RiskRule.values())
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  /** Findings counted per level and rule, listed up to the report's bound per level. */
  private static final class Findings {
    final Map<RiskLevel, List<RiskFinding>> listed = new EnumMap<>(RiskLevel.class);
    final Map<RiskLevel, Long> counts = new EnumMap<>(RiskLevel.class);
    final Map<String, Long> byRule = new HashMap<>();

    void add(RiskFinding f) {
      counts.merge(f.risk(), 1L, Long::sum);
      byRule.merge(f.rule(), 1L, Long::sum);
      List<RiskFinding> list = listed.computeIfAbsent(f.risk(), l -> new ArrayList<>());
      if (list.size() < RiskReport.MAX_FINDINGS_PER_LEVEL) {
        list.add(f);
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

  private static String describeGroup(Entry g) {
    return g.committed() != null && g.committed() >= 0
        ? "lag " + g.totalLag() + " on " + String.join(", ", g.topics())
        : "no committed offsets";
  }

  private static String cleanupSentence(String topic, String before, String now) {
    boolean wasCompact = before.contains("compact");
    boolean isCompact = now.contains("compact");
    if (isCompact && !wasCompact) {
      return "Topic "
          + topic
          + " is now compacted ("
          + before
          + " → "
          + now
          + "): only the latest record per key is kept, so readers of its history lose older"
          + " values.";
    }
    if (wasCompact && !isCompact) {
      return "Topic "
          + topic
          + " is no longer compacted ("
          + before
          + " → "
          + now
          + "): records, including the latest value per key, now expire by age or size.";
    }
    return "Topic "
        + topic
        + "'s cleanup.policy changed from "
        + before
        + " to "
        + now
        + ": records now expire differently.";
  }

  /** RF − min.insync.replicas; null when either is unknown. */
  private static Integer margin(Entry t) {
    return t.replicationFactor() == null || t.minInsyncReplicas() == null
        ? null
        : t.replicationFactor() - t.minInsyncReplicas();
  }

  private static String replication(Entry t) {
    return "replication.factor="
        + t.replicationFactor()
        + ", min.insync.replicas="
        + t.minInsyncReplicas();
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

  /** Whether a retention limit went down; -1 (no limit) is the highest. */
  private static boolean lowered(Long before, Long now) {
    return before != null && now != null && unlimited(now) < unlimited(before);
  }

  private static long unlimited(long v) {
    return v < 0 ? Long.MAX_VALUE : v;
  }

  static String duration(long ms) {
    if (ms < 0) {
      return "no time limit";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
    String[] names = {" d", " h", " min", " s"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i] && ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + " ms";
  }

  static String bytes(long b) {
    if (b < 0) {
      return "no size limit";
    }
    long[] units = {1L << 30, 1L << 20, 1L << 10};
    String[] names = {" GiB", " MiB", " KiB"};
    for (int i = 0; i < units.length; i++) {
      if (b >= units[i] && b % units[i] == 0) {
        return b / units[i] + names[i];
      }
    }
    return b + " bytes";
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String fieldList(List<String> fields) {
    List<String> shown = fields.subList(0, Math.min(fields.size(), FIELDS_IN_SENTENCE));
    String list = String.join(", ", shown);
    return (fields.size() == 1 ? "field " : "fields ")
        + list
        + (fields.size() > shown.size() ? " and " + (fields.size() - shown.size()) + " more" : "");
  }

  private static String normalisePolicy(String policy) {
    if (policy == null) {
      return null;
    }
    return String.join(
        ",",
        new TreeSet<>(
            Arrays.stream(policy.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList()));
  }

  private static Integer asInt(String v) {
    Long l = asLong(v);
    return l == null ? null : l.intValue();
  }

  private static Long asLong(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
