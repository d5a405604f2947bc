package io.kcrawler.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.access.AccessResolver;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.activities.artifacts.LocalArtifactStore;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.Json;
import io.kcrawler.model.PhaseResult;
import io.kcrawler.model.access.ResourceAccess;
import io.kcrawler.model.kafka.AclMetadata;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.apache.kafka.server.authorizer.Authorizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access as metadata against a broker running Kafka's StandardAuthorizer: literal, prefixed and
 * wildcard ALLOW and DENY bindings are read with one describe call, and who may read, write and
 * describe each topic and group, as resolved, is exactly what the broker's own authorizer answers
 * for the same principal and operation.
 */
class AclsCrawlerIntegrationTest {
  static final String ADMIN_PASSWORD = "acl-admin-pw";
  static final List<String> TOPICS =
      List.of("orders", "orders.eu", "payments", "audit", "public.news", "internal-x");
  static final List<String> GROUPS = List.of("billing", "reports", "adhoc");
  static final List<String> PRINCIPALS =
      List.of("User:alice", "User:bob", "User:carol", "User:dave", "User:nobody");

  @TempDir static Path dir;
  static EmbeddedKafkaCluster cluster;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        EmbeddedKafkaCluster.builder()
            .saslSsl(ADMIN_PASSWORD)
            .plainUser("noacl", "noacl-pw")
            .withAuthorizer()
            .start();
    admin = Admin.create(cluster.adminClientProperties());
    admin
        .createTopics(TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
        .all()
        .get();
    admin
        .createAcls(
            List.of(
                // literal
                allow(
                    ResourceType.TOPIC,
                    "payments",
                    PatternType.LITERAL,
                    "User:alice",
                    AclOperation.READ),
                allow(
                    ResourceType.TOPIC,
                    "payments",
                    PatternType.LITERAL,
                    "User:bob",
                    AclOperation.WRITE),
                // prefixed, with a DENY on one topic under it
                allow(
                    ResourceType.TOPIC,
                    "orders",
                    PatternType.PREFIXED,
                    "User:alice",
                    AclOperation.ALL),
                deny(
                    ResourceType.TOPIC,
                    "orders.eu",
                    PatternType.LITERAL,
                    "User:alice",
                    AclOperation.WRITE),
                allow(
                    ResourceType.TOPIC,
                    "orders",
                    PatternType.PREFIXED,
                    "User:carol",
                    AclOperation.DESCRIBE),
                // wildcard resource, and wildcard principal with a DENY for one principal
                allow(
                    ResourceType.TOPIC,
                    "*",
                    PatternType.LITERAL,
                    "User:dave",
                    AclOperation.DESCRIBE),
                allow(
                    ResourceType.TOPIC,
                    "public.",
                    PatternType.PREFIXED,
                    "User:*",
                    AclOperation.READ),
                deny(
                    ResourceType.TOPIC,
                    "public.news",
                    PatternType.LITERAL,
                    "User:bob",
                    AclOperation.ALL),
                // a host-restricted binding: not access from anywhere
                new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, "audit", PatternType.LITERAL),
                    new AccessControlEntry(
                        "User:carol", "10.0.0.9", AclOperation.READ, AclPermissionType.ALLOW)),
                // groups
                allow(
                    ResourceType.GROUP,
                    "billing",
                    PatternType.LITERAL,
                    "User:alice",
                    AclOperation.READ),
                allow(
                    ResourceType.GROUP,
                    "*",
                    PatternType.LITERAL,
                    "User:dave",
                    AclOperation.DESCRIBE),
                allow(ResourceType.GROUP, "re", PatternType.PREFIXED, "User:*", AclOperation.READ),
                deny(
                    ResourceType.GROUP,
                    "reports",
                    PatternType.LITERAL,
                    "User:carol",
                    AclOperation.READ)))
        .all()
        .get();
    admin
        .alterClientQuotas(
            List.of(
                new ClientQuotaAlteration(
                    new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "bob")),
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1048576.0)))))
        .all()
        .get();
  }

  @AfterAll
  static void stop() {
    admin.close();
    cluster.close();
  }

  @Test
  void givenLiteralPrefixedAndWildcardBindings_whenResolved_thenEveryDecisionIsTheAuthorizers()
      throws Exception {
    PhaseRecorder rec = new PhaseRecorder("brokers");
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("store"));
    CrawlContext context = new CrawlContext("wf", "run", CrawlRequest.of("c", "x:1"), "runs/1");

    new AclsCrawler(admin, store, Json.mapper()).crawl(context, rec);

    PhaseResult result = rec.result();
    assertThat(result.denied()).isEmpty();
    List<AclMetadata> acls = new ArrayList<>();
    JsonLines.forEach(
        store,
        result.artifact(ArtifactKinds.ACLS).key(),
        AclMetadata.class,
        Json.mapper(),
        acls::add);
    assertThat(acls).hasSize(13);
    assertThat(result.counts())
        .containsEntry("aclBindings", 13L)
        .containsEntry("clientQuotaEntities", 1L);

    AccessResolver resolver = new AccessResolver(acls);
    Authorizer authorizer = cluster.authorizer(0);
    int decisions = 0;
    for (String topic : TOPICS) {
      ResourceAccess access = resolver.topic(topic);
      for (String principal : PRINCIPALS) {
        decisions += 3;
        assertSame(
            authorizer,
            ResourceType.TOPIC,
            topic,
            principal,
            AclOperation.READ,
            access.read(),
            access);
        assertSame(
            authorizer,
            ResourceType.TOPIC,
            topic,
            principal,
            AclOperation.WRITE,
            access.write(),
            access);
        assertSame(
            authorizer,
            ResourceType.TOPIC,
            topic,
            principal,
            AclOperation.DESCRIBE,
            access.describe(),
            access);
      }
    }
    for (String group : GROUPS) {
      ResourceAccess access = resolver.group(group);
      for (String principal : PRINCIPALS) {
        decisions += 2;
        assertSame(
            authorizer,
            ResourceType.GROUP,
            group,
            principal,
            AclOperation.READ,
            access.read(),
            access);
        assertSame(
            authorizer,
            ResourceType.GROUP,
            group,
            principal,
            AclOperation.DESCRIBE,
            access.describe(),
            access);
      }
    }
    assertThat(decisions).isEqualTo(TOPICS.size() * 5 * 3 + GROUPS.size() * 5 * 2);

    // What a reader of the output sees, spelled out for a few of them.
    assertThat(resolver.topic("orders.eu").write()).doesNotContain("User:alice");
    assertThat(resolver.topic("orders.eu").read()).contains("User:alice");
    assertThat(resolver.topic("public.news").read()).contains("User:*");
    assertThat(resolver.topic("public.news").denied()).contains("User:bob");
    assertThat(resolver.topic("audit").read()).isEmpty();
    assertThat(resolver.topic("audit").hostRestricted())
        .containsExactly("User:carol READ from 10.0.0.9");
  }

  @Test
  void givenAPrincipalWithoutDescribeOnTheCluster_whenCrawled_thenAclsAndQuotasAreDeniedAndNamed()
      throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", cluster.bootstrapServers());
    props.putAll(cluster.clientSecurity("noacl", "noacl-pw", "PLAIN"));
    PhaseRecorder rec = new PhaseRecorder("brokers");
    try (Admin noRights = Admin.create(props)) {
      new AclsCrawler(noRights, new LocalArtifactStore(dir.resolve("denied")), Json.mapper())
          .crawl(new CrawlContext("wf", "run2", CrawlRequest.of("c", "x:1"), "runs/2"), rec);
    }

    PhaseResult result = rec.result();
    assertThat(result.artifacts())
        .doesNotContainKeys(ArtifactKinds.ACLS, ArtifactKinds.CLIENT_QUOTAS);
    assertThat(result.denied())
        .anyMatch(d -> d.startsWith("DESCRIBE on CLUSTER") && d.contains("ACLs"))
        .anyMatch(d -> d.startsWith("DESCRIBE_CONFIGS on CLUSTER") && d.contains("quotas"));
  }

  /**
   * The resolver's list says {@code principal} may, exactly when the broker's authorizer says so.
   */
  private static void assertSame(
      Authorizer authorizer,
      ResourceType type,
      String name,
      String principal,
      AclOperation op,
      List<String> listed,
      ResourceAccess access) {
    boolean resolved =
        listed.contains(principal)
            || (listed.contains("User:*") && !access.denied().contains(principal));
    AuthorizationResult broker =
        authorizer
            .authorize(
                context(principal),
                List.of(
                    new Action(
                        op, new ResourcePattern(type, name, PatternType.LITERAL), 1, false, false)))
            .get(0);
    assertThat(resolved)
        .as("%s %s on %s %s (broker: %s)", principal, op, type, name, broker)
        .isEqualTo(broker == AuthorizationResult.ALLOWED);
  }

  private static AuthorizableRequestContext context(String principal) {
    String[] parts = principal.split(":", 2);
    KafkaPrincipal kafkaPrincipal = new KafkaPrincipal(parts[0], parts[1]);
    return new AuthorizableRequestContext() {
      @Override
      public String listenerName() {
        return ListenerName.forSecurityProtocol(SecurityProtocol.SASL_SSL).value();
      }

      @Override
      public SecurityProtocol securityProtocol() {
        return SecurityProtocol.SASL_SSL;
      }

      @Override
      public KafkaPrincipal principal() {
        return kafkaPrincipal;
      }

      @Override
      public InetAddress clientAddress() {
        return InetAddress.getLoopbackAddress();
      }

      @Override
      public int requestType() {
        return 0;
      }

      @Override
      public int requestVersion() {
        return 0;
      }

      @Override
      public String clientId() {
        return "ground-truth";
      }

      @Override
      public int correlationId() {
        return 0;
      }
    };
  }

  private static AclBinding allow(
      ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  private static AclBinding deny(
      ResourceType type, String name, PatternType pattern, String principal, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", op, AclPermissionType.DENY));
  }
}
