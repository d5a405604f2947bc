package io.kcrawler.worker.security;

import io.kcrawler.devkit.DemoData;
import io.kcrawler.devkit.EmbeddedKafkaCluster;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A locked-down cluster like a production one: SASL_SSL with a self-signed certificate, the
 * StandardAuthorizer, the demo dataset, and three principals: {@code crawler} with exactly the
 * README's minimal ACLs, {@code limited} with DESCRIBE on topics and groups only, and {@code
 * cloudlike} with the minimal ACLs but DESCRIBE on the cluster, as a Confluent Cloud service
 * account: describeLogDirs is denied to it.
 */
final class SecureCluster implements AutoCloseable {
  static final String CRAWLER_PASSWORD = "S3cr3t-Crawler-Pa55!";
  static final String LIMITED_PASSWORD = "Limited-Pa55-Value!";
  static final String CLOUDLIKE_PASSWORD = "Cloud-Like-Pa55-Value!";

  final EmbeddedKafkaCluster kafka;
  final DemoData demo = new DemoData();
  final DemoData.Dataset dataset;

  SecureCluster() throws Exception {
    kafka =
        EmbeddedKafkaCluster.builder()
            .saslSsl("admin-pw")
            .plainUser("crawler", CRAWLER_PASSWORD)
            .plainUser("limited", LIMITED_PASSWORD)
            .plainUser("cloudlike", CLOUDLIKE_PASSWORD)
            .withAuthorizer()
            .start();
    dataset = demo.seed(kafka.adminClientProperties());
    try (Admin admin = Admin.create(kafka.adminClientProperties())) {
      List<AclBinding> acls = new ArrayList<>(minimalAcls("User:crawler"));
      acls.add(allow("User:limited", ResourceType.TOPIC, "*", AclOperation.DESCRIBE));
      acls.add(allow("User:limited", ResourceType.GROUP, "*", AclOperation.DESCRIBE));
      // As Confluent Cloud grants: everything the crawl reads, but no DESCRIBE on the cluster, so
      // describeLogDirs is denied.
      acls.add(allow("User:cloudlike", ResourceType.TOPIC, "*", AclOperation.DESCRIBE));
      acls.add(allow("User:cloudlike", ResourceType.TOPIC, "*", AclOperation.DESCRIBE_CONFIGS));
      acls.add(allow("User:cloudlike", ResourceType.GROUP, "*", AclOperation.DESCRIBE));
      acls.add(
          allow(
              "User:cloudlike",
              ResourceType.CLUSTER,
              "kafka-cluster",
              AclOperation.DESCRIBE_CONFIGS));
      admin.createAcls(acls).all().get();
    }
  }

  /**
   * The README's minimal set for {@code principal}: DESCRIBE + DESCRIBE_CONFIGS on the cluster and
   * all topics, DESCRIBE on all groups.
   */
  static List<AclBinding> minimalAcls(String principal) {
    List<AclBinding> acls = new ArrayList<>();
    for (AclOperation op : List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
      acls.add(allow(principal, ResourceType.CLUSTER, "kafka-cluster", op));
      acls.add(allow(principal, ResourceType.TOPIC, "*", op));
    }
    acls.add(allow(principal, ResourceType.GROUP, "*", AclOperation.DESCRIBE));
    return acls;
  }

  private static AclBinding allow(
      String principal, ResourceType type, String name, AclOperation op) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  CrawlRequest request(String connectionId, String user, String passwordRef) {
    TlsConfig tls = TlsConfig.caCertificate("file:" + kafka.caCertificatePem());
    return CrawlRequest.of(connectionId, kafka.bootstrapServers())
        .withSecurity(SecurityConfig.sasl("SASL_SSL", "PLAIN", user, passwordRef).withTls(tls));
  }

  @Override
  public void close() {
    demo.stopMembers();
    kafka.close();
  }
}
