package io.kcrawler.activities.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.kafka.AclMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the risk rules compare and the catalog manifest lacks, per connection: one JSON Lines
 * entry per topic (replication, min.insync.replicas, retention, cleanup policy, unhealthy
 * partitions), per group (total lag, committed-offset sum, the lag of its last {@link #LAG_HISTORY}
 * crawls, topics), per subject (effective compatibility, latest version) and per ACL binding. Like
 * the manifest it is written per run and promoted only when the publish succeeded. Entries are a
 * few numbers each: O(topics + groups + subjects + bindings), never partitions.
 */
final class RiskState {
  /**
   * Crawls of lag history kept per group: a month of daily crawls, enough for a trend and for the
   * longest idle window a request may ask for ({@code changeReport.idleCrawls} ≤ 30).
   */
  static final int LAG_HISTORY = io.kcrawler.model.ChangeReportConfig.MAX_IDLE_CRAWLS;

  static final String RUN_FILE = "risk-state.jsonl";

  static final String TOPIC = "topic";
  static final String GROUP = "group";
  static final String SUBJECT = "subject";
  static final String ACL = "acl";

  /** Present when the crawl read the cluster's ACLs (there is an authorizer and we may see it). */
  static final String ACLS_READ = "acls-read";

  /** One line of the state; the fields of its kind are set, the others null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String kind,
      String name,
      Integer partitions,
      Integer replicationFactor,
      Integer minInsyncReplicas,
      Long retentionMs,
      Long retentionBytes,
      String cleanupPolicy,
      Integer underReplicated,
      Integer offline,
      Long totalLag,
      Long committed,
      Integer crawlsWithoutCommit,
      List<Long> lagHistory,
      List<String> topics,
      String compatibility,
      Integer latestVersion,
      AclMetadata acl) {

    static Entry topic(
        String name,
        int partitions,
        int replicationFactor,
        Integer minIsr,
        Long retentionMs,
        Long retentionBytes,
        String cleanupPolicy,
        int underReplicated,
        int offline) {
      return new Entry(
          TOPIC,
          name,
          partitions,
          replicationFactor,
          minIsr,
          retentionMs,
          retentionBytes,
          cleanupPolicy,
          underReplicated,
          offline,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    static Entry group(
        String name,
        long totalLag,
        long committed,
        int crawlsWithoutCommit,
        List<Long> lagHistory,
        List<String> topics) {
      return new Entry(
          GROUP,
          name,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          totalLag,
          committed,
          crawlsWithoutCommit,
          lagHistory,
          topics,
          null,
          null,
          null);
    }

    static Entry subject(String name, String compatibility, Integer latestVersion) {
      return new Entry(
          SUBJECT,
          name,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          compatibility,
          latestVersion,
          null);
    }

    static Entry acl(AclMetadata acl) {
      return new Entry(
          ACL, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, acl);
    }

    static Entry aclsRead() {
      return new Entry(
          ACLS_READ, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null);
    }
  }

  /** The previous crawl's state, by kind; empty maps on a connection's first crawl. */
  static final class Previous {
    final boolean exists;
    final Map<String, Entry> topics = new HashMap<>();
    final Map<String, Entry> groups = new HashMap<>();
    final Map<String, Entry> subjects = new HashMap<>();
    final List<AclMetadata> acls = new ArrayList<>();
    boolean aclsRead;

    Previous(boolean exists) {
      this.exists = exists;
    }
  }

  private RiskState() {}

  static String stateKey(String connectionId) {
    return "connections/" + connectionId + "/catalog/risk-state.jsonl";
  }

  static Previous load(ArtifactStore store, String connectionId, ObjectMapper mapper)
      throws IOException {
    String key = stateKey(connectionId);
    if (!store.exists(key)) {
      return new Previous(false);
    }
    Previous p = new Previous(true);
    JsonLines.forEach(
        store,
        key,
        Entry.class,
        mapper,
        e -> {
          switch (e.kind()) {
            case TOPIC -> p.topics.put(e.name(), e);
            case GROUP -> p.groups.put(e.name(), e);
            case SUBJECT -> p.subjects.put(e.name(), e);
            case ACL -> p.acls.add(e.acl());
            case ACLS_READ -> p.aclsRead = true;
            default -> {} // a kind of a newer worker: not compared
          }
        });
    return p;
  }

  /** Makes the run's state the connection's current one. */
  static void promote(ArtifactStore store, String runKey, String connectionId) throws IOException {
    store.copy(runKey, stateKey(connectionId));
  }
}
