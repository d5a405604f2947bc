package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlStatus;
import io.kcrawler.model.CrawlSummary;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseSummary;
import io.kcrawler.model.SchemaRegistryConfig;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import io.kcrawler.worker.support.ChangeReports;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Given a real broker with the StandardAuthorizer and a registry: three crawls of the unchanged
 * cluster report no risk at all; then, crawled once, changed once per rule (retention, cleanup
 * policy, partitions, min.insync.replicas, a deleted topic with a reader, a deleted group, a
 * group's lag, a subject's compatibility, a version without a field, a version with a retyped
 * field, a wildcard READ grant, a new writer, a group that stopped committing) and crawled again,
 * the change report has exactly one finding per rule on the changed subject and nothing else.
 * Under-replicated and offline partitions need a broker to fail: {@code RiskAnalyzerTest} covers
 * them from real-shaped artifacts.
 */
class RiskReportIntegrationTest {
  private static final String ADMIN_PASSWORD = "risk-admin-pw";

  private static final String AVRO_V1 =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"int\"}]}";
  private static final String AVRO_V2_NO_NAME =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"amount\",\"type\":\"int\"}]}";
  private static final String AVRO_V3_AMOUNT_STRING =
      "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"amount\",\"type\":\"string\"}]}";

  @Test
  void unchangedClusterReportsNothing_thenOneChangePerRuleReportsExactlyThoseFindings()
      throws Exception {
    try (EmbeddedKafkaCluster kafka =
            EmbeddedKafkaCluster.builder().saslSsl(ADMIN_PASSWORD).withAuthorizer().start();
        SchemaRegistryContractServer registry = SchemaRegistryContractServer.start();
        CrawlTestEnv env =
            CrawlTestEnv.start(
                new EnvFileSecretResolver(Map.of("KAFKA_ADMIN_PASSWORD", ADMIN_PASSWORD)),
                WorkerFactoryOptions.getDefaultInstance());
        Admin admin = Admin.create(kafka.adminClientProperties())) {
      kafka.createTopics(
          List.of(
              new NewTopic("orders", 1, (short) 1).configs(Map.of("retention.ms", "604800000")),
              new NewTopic("users", 1, (short) 1).configs(Map.of("cleanup.policy", "delete")),
              new NewTopic("events", 1, (short) 1),
              new NewTopic("payments", 1, (short) 1).configs(Map.of("min.insync.replicas", "1")),
              new NewTopic("legacy", 1, (short) 1),
              new NewTopic("audit", 1, (short) 1),
              new NewTopic("clicks", 1, (short) 1),
              new NewTopic("metrics", 1, (short) 1)),
          Duration.ofMinutes(1));
      // Every group caught up: nothing waits, so nothing can look stalled.
      commit(kafka, "archiver", Map.of(tp("legacy"), 0L, tp("orders"), 0L));
      commit(kafka, "old-group", Map.of(tp("audit"), 0L));
      commit(kafka, "billing", Map.of(tp("clicks"), 0L));
      admin
          .createAcls(List.of(allow("User:app", AclOperation.WRITE, "orders", PatternType.LITERAL)))
          .all()
          .get();
      registry.setSubjectCompatibility("orders-value", "BACKWARD");
      registry.register("orders-value", "AVRO", AVRO_V1);

      // Three crawls of the unchanged cluster: a baseline, then nothing to report.
      CrawlRequest steady = request(kafka, registry, "steady");
      for (int crawl = 1; crawl <= 3; crawl++) {
        CrawlSummary s = env.crawl(steady);
        assertThat(s.status()).as("crawl %d", crawl).isEqualTo(CrawlStatus.SUCCEEDED);
        JsonNode risk = ChangeReports.of(s).get("risk");
        assertThat(risk.get("baseline").asBoolean()).as("crawl %d", crawl).isEqualTo(crawl == 1);
        assertThat(ChangeReports.findings(risk)).as("crawl %d", crawl).isEmpty();
        assertThat(risk.get("notChecked")).as("crawl %d", crawl).isEmpty();
        assertThat(riskCounts(s)).containsExactly(0L, 0L, 0L);
      }

      // The risky connection's baseline: billing lags 10 records, stalled has 5 waiting.
      produce(kafka, "clicks", 10);
      produce(kafka, "metrics", 5);
      commit(kafka, "stalled", Map.of(tp("metrics"), 0L));
      CrawlRequest risky =
          request(kafka, registry, "risky").withChangeReport(new ChangeReportConfig(null, 2));
      CrawlSummary first = env.crawl(risky);
      assertThat(first.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      assertThat(ChangeReports.of(first).get("risk").get("baseline").asBoolean()).isTrue();

      // One change per rule.
      alter(admin, "orders", "retention.ms", "3600000");
      alter(admin, "users", "cleanup.policy", "compact");
      admin.createPartitions(Map.of("events", NewPartitions.increaseTo(3))).all().get();
      alter(admin, "payments", "min.insync.replicas", "2");
      admin.deleteTopics(List.of("legacy")).all().get();
      admin.deleteConsumerGroups(List.of("old-group")).all().get();
      produce(kafka, "clicks", 500);
      commit(kafka, "billing", Map.of(tp("clicks"), 5L));
      registry.setSubjectCompatibility("orders-value", "NONE");
      registry.register("orders-value", "AVRO", AVRO_V2_NO_NAME);
      registry.register("orders-value", "AVRO", AVRO_V3_AMOUNT_STRING);
      admin
          .createAcls(
              List.of(
                  allow("User:analyst", AclOperation.READ, "*", PatternType.LITERAL),
                  allow("User:ingest", AclOperation.WRITE, "orders", PatternType.LITERAL)))
          .all()
          .get();
      awaitTopics(
          admin, Set.of("orders", "users", "events", "payments", "audit", "clicks", "metrics"));

      CrawlSummary second = env.crawl(risky);
      assertThat(second.status()).isEqualTo(CrawlStatus.SUCCEEDED);
      JsonNode report = ChangeReports.of(second);
      JsonNode risk = report.get("risk");

      assertThat(ChangeReports.findings(risk))
          .containsExactly(
              "HIGH retention-lowered orders",
              "HIGH cleanup-policy-changed users",
              "HIGH replication-below-min-isr payments",
              "HIGH schema-field-removed orders-value",
              "HIGH schema-field-type-changed orders-value",
              "HIGH topic-with-consumers-deleted legacy",
              "HIGH access-widened-wildcard User:analyst",
              "MEDIUM partition-count-changed events",
              "MEDIUM compatibility-relaxed orders-value",
              "MEDIUM group-vanished old-group",
              "MEDIUM group-lag-grew billing",
              "MEDIUM new-writer User:ingest",
              "LOW group-idle stalled");
      assertThat(risk.get("counts").toString()).isEqualTo("{\"high\":7,\"medium\":5,\"low\":1}");
      assertThat(risk.get("notChecked")).isEmpty();
      assertThat(riskCounts(second)).containsExactly(7L, 5L, 1L);
      assertThat(second.counts()).containsEntry("risk.high", 7L);
      JsonNode lag = finding(risk, "group-lag-grew");
      assertThat(lag.get("before").asText()).isEqualTo("10 records");
      assertThat(lag.get("after").asText()).isEqualTo("505 records");
      assertThat(finding(risk, "replication-below-min-isr").get("sentence").asText())
          .isEqualTo(
              "Topic payments has replication factor 1 and min.insync.replicas 2: producers with"
                  + " acks=all cannot write to it at all.");
      assertThat(finding(risk, "topic-with-consumers-deleted").get("sentence").asText())
          .isEqualTo(
              "Topic legacy was deleted while consumer group archiver reads it: it loses its input and its position.");

      // What changed is still there, and the files the crawl summary points to say the same.
      assertThat(report.get("deletedTopics").get("items").toString()).isEqualTo("[\"legacy\"]");
      Path out = Path.of(second.outputLocation());
      JsonNode summaryFile = Json.mapper().readTree(out.resolve("crawl-summary.json").toFile());
      for (JsonNode phase : summaryFile.get("phases")) {
        if (phase.get("phase").asText().equals("publish")) {
          assertThat(phase.get("counts").get("risk.high").asLong()).isEqualTo(7);
          assertThat(phase.get("counts").get("risk.low").asLong()).isEqualTo(1);
        }
      }
      String md = Files.readString(out.resolve("catalog").resolve("change-report.md"));
      assertThat(md)
          .contains("## Risk: 7 high, 5 medium, 1 low")
          .contains("| billing | 10 → 505 | 1 |")
          .contains("| stalled | 5 → 5 | 2 (idle) |");
      // Kept for the README's example.
      System.out.println(md);
    }
  }

  private static CrawlRequest request(
      EmbeddedKafkaCluster kafka, SchemaRegistryContractServer registry, String connectionId) {
    TlsConfig tls = TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
    return CrawlRequest.of(connectionId, kafka.bootstrapServers())
        .withSecurity(
            SecurityConfig.sasl(
                    "SASL_SSL",
                    "PLAIN",
                    EmbeddedKafkaCluster.ADMIN_USER,
                    "env:KAFKA_ADMIN_PASSWORD")
                .withTls(tls))
        .withSchemaRegistry(SchemaRegistryConfig.unauthenticated(registry.url()));
  }

  private static JsonNode finding(JsonNode risk, String rule) {
    for (JsonNode level : risk.get("findings")) {
      for (JsonNode f : level) {
        if (f.get("rule").asText().equals(rule)) {
          return f;
        }
      }
    }
    throw new AssertionError("no finding of " + rule);
  }

  private static List<Long> riskCounts(CrawlSummary s) {
    PhaseSummary publish =
        s.phases().stream().filter(p -> p.phase().equals("publish")).findFirst().orElseThrow();
    return List.of(
        publish.counts().get("risk.high"),
        publish.counts().get("risk.medium"),
        publish.counts().get("risk.low"));
  }

  private static TopicPartition tp(String topic) {
    return new TopicPartition(topic, 0);
  }

  private static AclBinding allow(
      String principal, AclOperation op, String topic, PatternType pattern) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  private static void alter(Admin admin, String topic, String key, String value) throws Exception {
    admin
        .incrementalAlterConfigs(
            Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
        .all()
        .get();
  }

  private static void produce(EmbeddedKafkaCluster kafka, String topic, int records) {
    Properties props = kafka.adminClientProperties();
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("acks", "all");
    try (KafkaProducer<String, String> p = new KafkaProducer<>(props)) {
      for (int i = 0; i < records; i++) {
        p.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
      p.flush();
    }
  }

  private static void commit(
      EmbeddedKafkaCluster kafka, String group, Map<TopicPartition, Long> offsets) {
    Properties props = kafka.adminClientProperties();
    props.put("group.id", group);
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
      c.assign(offsets.keySet());
      Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
      offsets.forEach((tp, o) -> commits.put(tp, new OffsetAndMetadata(o)));
      c.commitSync(commits);
    }
  }

  private static void awaitTopics(Admin admin, Set<String> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!admin.listTopics().names().get().equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }
}
