package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.KafkaCluster;
import io.kcrawler.model.ConfluentCloudConfig;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code KafkaCluster} asset: counts of the crawl, how it is reached, which distribution, and
 * the environment label of a {@code confluentCloud} block.
 */
final class KafkaClusterMapper {
  /** Atlan's word for Confluent (Cloud or Platform): the hosts' domain or the request say so. */
  static final String CONFLUENT = "Confluent";

  private KafkaClusterMapper() {}

  static String qualifiedName(CrawlIndex index, String connectionQn) {
    String id = index.request.cluster() == null ? null : index.request.cluster().clusterId();
    return AtlanQualifiedNames.cluster(connectionQn, id == null ? "unknown" : id);
  }

  static AtlanEntity map(CrawlIndex index, String connectionQn) {
    CrawlRequest crawl = index.request.context().request();
    long brokers =
        index.brokerCount >= 0
            ? index.brokerCount
            : (index.request.cluster() == null ? -1 : index.request.cluster().brokerCount());
    boolean topicsKnown = index.has(io.kcrawler.model.ArtifactKinds.TOPICS);
    String registryUrl = crawl.schemaRegistry() == null ? null : crawl.schemaRegistry().url();
    ConfluentCloudConfig cloud = crawl.confluentCloud();
    return AtlanEntity.builder(
            KafkaCluster.TYPE,
            qualifiedName(index, connectionQn),
            crawl.displayName(),
            connectionQn)
        .attr(KafkaCluster.TOPIC_COUNT, topicsKnown ? (long) index.topicNames.size() : null)
        .attr(KafkaCluster.PARTITION_COUNT, topicsKnown ? index.partitionTotal : null)
        .attr(KafkaCluster.BROKER_COUNT, brokers < 0 ? null : brokers)
        .attr(KafkaCluster.BOOTSTRAP_SERVERS, bootstrapServers(crawl.bootstrapServers()))
        .attr(
            KafkaCluster.CLUSTER_TYPE,
            cloud != null ? CONFLUENT : clusterType(crawl.bootstrapServers(), registryUrl))
        .attr(KafkaCluster.SCHEMA_REGISTRY_URL, registryUrl)
        .attr(KafkaCluster.AUTHENTICATION_TYPE, authenticationType(crawl.securityOrDefault()))
        .attr(KafkaCluster.ENVIRONMENT, cloud == null ? null : cloud.environment())
        .build();
  }

  /** Atlan's attribute is a set of strings: one {@code host:port} each, never one joined string. */
  static List<String> bootstrapServers(String bootstrap) {
    return Arrays.stream(bootstrap.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  /**
   * The distribution, in the words of Atlan's attribute (Apache, Confluent, MSK, Aiven, Redpanda),
   * from the hosts' managed-service domains; a self-run cluster cannot be told apart from the Kafka
   * protocol, and is Apache.
   */
  static String clusterType(String bootstrap, String registryUrl) {
    String hosts =
        (bootstrap + " " + (registryUrl == null ? "" : registryUrl)).toLowerCase(Locale.ROOT);
    if (hosts.contains(".confluent.cloud")) {
      return CONFLUENT;
    }
    if (hosts.matches("(?s).*\\.kafka(-serverless)?\\.[a-z0-9-]+\\.amazonaws\\.com.*")) {
      return "MSK";
    }
    if (hosts.contains(".aivencloud.com")) {
      return "Aiven";
    }
    if (hosts.contains("redpanda")) {
      return "Redpanda";
    }
    return "Apache";
  }

  /**
   * How the crawler authenticates, in the words of Atlan's attribute (SASL_PLAIN, SASL_SCRAM, TLS,
   * IAM): a SASL mechanism wins over the transport, mutual TLS is TLS, no authentication is NONE.
   */
  static String authenticationType(SecurityConfig security) {
    if (security.usesSasl()) {
      String mechanism = security.saslMechanism();
      return mechanism != null && mechanism.startsWith("SCRAM") ? "SASL_SCRAM" : "SASL_PLAIN";
    }
    return security.protocolOrDefault().equals("SSL") ? "TLS" : "NONE";
  }
}
