package io.kcrawler.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.access.AccessResolver;
import io.kcrawler.model.kafka.AclMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicAccessReadmeTest {
  private static AclMetadata acl(
      String pattern, String name, String principal, String host, String op, String permission) {
    return new AclMetadata("TOPIC", name, pattern, principal, host, op, permission);
  }

  @Test
  void givenPrefixedWildcardAndDenyBindings_whenRendered_thenEachOperationNamesWhoResolved() {
    AccessResolver acls =
        new AccessResolver(
            List.of(
                acl("PREFIXED", "orders", "User:etl", "*", "WRITE", "ALLOW"),
                acl("LITERAL", "*", "User:*", "*", "READ", "ALLOW"),
                acl("LITERAL", "orders", "User:intern", "*", "READ", "DENY"),
                acl("LITERAL", "orders", "User:ops", "10.0.0.1", "READ", "ALLOW")));

    String readme = TopicAccessReadme.of(acls.topic("orders"));

    assertThat(readme)
        .startsWith("## Access (Kafka ACLs at the last crawl)\n")
        .contains("- **Read (consume)**: `User:*`, `User:etl`, `User:ops`\n")
        .contains("- **Write (produce)**: `User:etl`\n")
        .contains("- **Denied despite a wildcard allow**: `User:intern`\n")
        .contains("- **Only from given hosts**: `User:ops READ from 10.0.0.1`\n");
    assertThat(TopicAccessReadme.of(acls.topic("payments")))
        .contains("- **Write (produce)**: nobody through the ACLs\n")
        .doesNotContain("Denied despite");
  }

  @Test
  void givenMoreWritersThanShown_whenRendered_thenTheRestAreCounted() {
    List<AclMetadata> bindings = new ArrayList<>();
    for (int i = 0; i < TopicAccessReadme.MAX_PRINCIPALS + 7; i++) {
      bindings.add(acl("LITERAL", "orders", "User:svc-" + (100 + i), "*", "WRITE", "ALLOW"));
    }

    String readme = TopicAccessReadme.of(new AccessResolver(bindings).topic("orders"));

    String writers = readme.lines().filter(l -> l.contains("Write")).findFirst().orElseThrow();
    assertThat(writers).contains("`User:svc-100`").endsWith(" and 7 more");
    assertThat(writers.split("`User:svc-", -1)).hasSize(TopicAccessReadme.MAX_PRINCIPALS + 1);
  }
}
