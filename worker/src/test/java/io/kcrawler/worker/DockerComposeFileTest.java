package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps docs/local-stack.md true to docker-compose.yml: CI has no Docker engine, so the stack is
 * checked by reading the file, not by starting it.
 */
class DockerComposeFileTest {
  private static final String TABLE_SECTION = "## Local stack";

  private static Map<String, Map<String, Object>> services;
  private static Map<String, Set<Integer>> documented;

  @BeforeAll
  static void load() throws IOException {
    Path root = repositoryRoot();
    services = composeServices(root.resolve("docker-compose.yml"));
    documented = documentedPorts(Files.readAllLines(root.resolve("docs/local-stack.md")));
  }

  @Test
  void givenDocTable_whenComparedWithCompose_thenEveryServiceExistsWithThePortsStated() {
    assertThat(documented).isNotEmpty();
    documented.forEach(
        (service, ports) -> {
          assertThat(services).as("services in docker-compose.yml").containsKey(service);
          assertThat(publishedPorts(services.get(service)))
              .as("host ports of %s", service)
              .isEqualTo(ports);
        });
  }

  @Test
  void givenCompose_whenAServicePublishesPorts_thenTheDocTableListsIt() {
    services.forEach(
        (name, service) -> {
          if (!publishedPorts(service).isEmpty()) {
            assertThat(documented).as("docs/local-stack.md table").containsKey(name);
          }
        });
  }

  @Test
  void givenCompose_whenImagesRead_thenEveryTagIsPinned() {
    services.forEach(
        (name, service) -> {
          String image = (String) service.get("image");
          assertThat(image).as("image of %s", name).isNotNull();
          String tag = image.substring(image.lastIndexOf('/') + 1);
          assertThat(tag).as("image of %s", name).contains(":").doesNotEndWith(":latest");
        });
  }

  @Test
  void givenTemporalUi_whenConfigured_thenStartWorkflowFormIsEnabled() {
    assertThat(environment(services.get("temporal-ui")))
        .containsEntry("TEMPORAL_START_WORKFLOW_DISABLED", "false")
        .containsEntry("TEMPORAL_ADDRESS", "temporal:7233");
  }

  @Test
  void givenWorker_whenConfigured_thenItUsesTheStackNotLocalDefaults() {
    Map<String, String> env = environment(services.get("worker"));

    assertThat(env)
        .containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
        .containsEntry("KCRAWLER_ARTIFACT_STORE", "s3")
        .containsEntry("KCRAWLER_S3_ENDPOINT", "http://minio:9000")
        .containsEntry("KCRAWLER_VAULT_ADDR", "http://vault:8200");
    assertThat(services).containsKeys("minio", "vault", "temporal");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> composeServices(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      Map<String, Object> compose = new Yaml().load(in);
      return (Map<String, Map<String, Object>>) compose.get("services");
    }
  }

  /** Host ports of a service: "HOST:CONTAINER" or "IP:HOST:CONTAINER", optionally "/proto". */
  private static Set<Integer> publishedPorts(Map<String, Object> service) {
    Set<Integer> ports = new TreeSet<>();
    Object list = service.get("ports");
    if (list instanceof List<?> entries) {
      for (Object entry : entries) {
        String[] parts = entry.toString().replaceAll("/(tcp|udp)$", "").split(":");
        if (parts.length >= 2) {
          ports.add(Integer.parseInt(parts[parts.length - 2]));
        }
      }
    }
    return ports;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    ((Map<String, Object>) service.get("environment"))
        .forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
    return env;
  }

  /** Rows of the first table under {@link #TABLE_SECTION}: service name to its host ports. */
  static Map<String, Set<Integer>> documentedPorts(List<String> lines) {
    Map<String, Set<Integer>> table = new LinkedHashMap<>();
    int start = lines.indexOf(TABLE_SECTION);
    assertThat(start).as("'%s' section in docs/local-stack.md", TABLE_SECTION).isNotNegative();
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("|")) {
        rows.add(line);
      } else if (!rows.isEmpty()) {
        break;
      }
    }
    // rows[0] is the header, rows[1] the |---| separator.
    for (String row : rows.subList(Math.min(2, rows.size()), rows.size())) {
      String[] cells = row.split("\\|");
      Set<Integer> ports = new TreeSet<>();
      for (String port : cells[2].split(",")) {
        if (port.strip().matches("\\d+")) {
          ports.add(Integer.parseInt(port.strip()));
        }
      }
      table.put(cells[1].strip(), ports);
    }
    return table;
  }

  /** Surefire runs in the module directory; the compose file is at the repository root. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent directory holding docker-compose.yml").isNotNull();
    return dir;
  }
}
