package io.kcrawler.activities.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.activities.artifacts.ArtifactStore;
import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.ArtifactKinds;
import io.kcrawler.model.CrawlContext;
import io.kcrawler.model.kafka.AclMetadata;
import io.kcrawler.model.kafka.ClientQuotaMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/**
 * Access as metadata: every ACL binding (one {@code DescribeAcls} request, DESCRIBE on the cluster)
 * and every client quota (one {@code DescribeClientQuotas}, DESCRIBE_CONFIGS on the cluster). Both
 * rights are optional: without them the bindings or quotas are reported as denied and the phase
 * goes on. Only describe calls: nothing is created or changed.
 */
final class AclsCrawler {
  private static final Comparator<AclMetadata> ORDER =
      Comparator.comparing(AclMetadata::resourceType)
          .thenComparing(AclMetadata::resourceName)
          .thenComparing(AclMetadata::patternType)
          .thenComparing(AclMetadata::principal)
          .thenComparing(AclMetadata::host)
          .thenComparing(AclMetadata::operation)
          .thenComparing(AclMetadata::permission);

  private final Admin admin;
  private final ArtifactStore store;
  private final ObjectMapper mapper;

  AclsCrawler(Admin admin, ArtifactStore store, ObjectMapper mapper) {
    this.admin = admin;
    this.store = store;
    this.mapper = mapper;
  }

  void crawl(CrawlContext context, PhaseRecorder rec)
      throws IOException, ExecutionException, InterruptedException {
    var bindings = admin.describeAcls(AclBindingFilter.ANY).values();
    var quotas = admin.describeClientQuotas(ClientQuotaFilter.all()).entities();
    List<AclMetadata> acls = acls(bindings, rec);
    if (acls != null) {
      try (JsonLines.Writer<AclMetadata> out =
          JsonLines.writer(store, context.artifactKey(ArtifactKinds.ACLS), mapper)) {
        for (AclMetadata acl : acls) {
          out.write(acl);
        }
        rec.artifact(ArtifactKinds.ACLS, out.finish());
      }
      rec.count("aclBindings", acls.size());
    }
    Map<ClientQuotaEntity, Map<String, Double>> byEntity = quotas(quotas, rec);
    if (byEntity != null) {
      try (JsonLines.Writer<ClientQuotaMetadata> out =
          JsonLines.writer(store, context.artifactKey(ArtifactKinds.CLIENT_QUOTAS), mapper)) {
        for (var e : byEntity.entrySet()) {
          Map<String, String> entity = new TreeMap<>();
          e.getKey().entries().forEach(entity::put);
          out.write(new ClientQuotaMetadata(entity, new TreeMap<>(e.getValue())));
        }
        rec.artifact(ArtifactKinds.CLIENT_QUOTAS, out.finish());
      }
      rec.count("clientQuotaEntities", byEntity.size());
    }
  }

  private static List<AclMetadata> acls(
      org.apache.kafka.common.KafkaFuture<Collection<AclBinding>> future, PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    try {
      List<AclMetadata> out = new ArrayList<>();
      for (AclBinding b : future.get()) {
        out.add(
            new AclMetadata(
                b.pattern().resourceType().name(),
                b.pattern().name(),
                b.pattern().patternType().name(),
                b.entry().principal(),
                b.entry().host(),
                b.entry().operation().name(),
                b.entry().permissionType().name()));
      }
      out.sort(ORDER);
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        rec.denied("DESCRIBE", "CLUSTER", "ACLs are missing (who may access each topic)");
        return null;
      }
      if (e.getCause() instanceof SecurityDisabledException) {
        // No authorizer: there are no ACLs, and every authenticated principal may do everything.
        rec.note("the cluster has no authorizer: no ACLs, every principal may access every topic");
        return null;
      }
      throw e;
    }
  }

  private static Map<ClientQuotaEntity, Map<String, Double>> quotas(
      org.apache.kafka.common.KafkaFuture<Map<ClientQuotaEntity, Map<String, Double>>> future,
      PhaseRecorder rec)
      throws ExecutionException, InterruptedException {
    try {
      Map<ClientQuotaEntity, Map<String, Double>> sorted = new LinkedHashMap<>();
      future.get().entrySet().stream()
          .sorted(Comparator.comparing(e -> new TreeMap<>(e.getKey().entries()).toString()))
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException) {
        rec.denied("DESCRIBE_CONFIGS", "CLUSTER", "client quotas are missing");
        return null;
      }
      if (e.getCause() instanceof UnsupportedVersionException) {
        rec.note("the cluster does not describe client quotas (older than Kafka 2.6)");
        return null;
      }
      throw e;
    }
  }
}
