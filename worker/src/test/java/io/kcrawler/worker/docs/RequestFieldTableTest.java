package io.kcrawler.worker.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcrawler.model.ChangeReportConfig;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.CrawlRequestParser;
import io.kcrawler.model.Json;
import io.kcrawler.model.SecurityConfig;
import io.kcrawler.model.TlsConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's request-field table names every security, TLS and change-report field of the request
 * model, and every worked request in the README is one the parser accepts.
 */
class RequestFieldTableTest {

  private static String readme() throws Exception {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void everySecurityTlsAndChangeReportFieldIsInTheRequestFieldTable() throws Exception {
    String readme = readme();
    String table =
        readme.substring(
            readme.indexOf("### Request fields"), readme.indexOf("**Subjects to topics.**"));
    List<String> missing = new ArrayList<>();
    for (RecordComponent c : SecurityConfig.class.getRecordComponents()) {
      if (!c.getName().equals("tls") && !table.contains("`security." + c.getName() + "`")) {
        missing.add("security." + c.getName());
      }
    }
    for (RecordComponent c : TlsConfig.class.getRecordComponents()) {
      if (!table.contains("`security.tls." + c.getName() + "`")) {
        missing.add("security.tls." + c.getName());
      }
    }
    for (RecordComponent c : ChangeReportConfig.class.getRecordComponents()) {
      if (!table.contains("`changeReport." + c.getName() + "`")) {
        missing.add("changeReport." + c.getName());
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyWorkedRequestInTheReadmeParses() throws Exception {
    Matcher block = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme());
    List<CrawlRequest> parsed = new ArrayList<>();
    while (block.find()) {
      JsonNode json = Json.mapper().readTree(block.group(1));
      if (json.has("connectionId")) {
        parsed.add(CrawlRequestParser.parse(json));
      }
    }
    assertThat(parsed)
        .extracting(r -> r.securityOrDefault().saslMechanism())
        .as("the worked requests: SASL/PLAIN, mutual TLS and AWS_MSK_IAM")
        .contains("PLAIN", null, SecurityConfig.AWS_MSK_IAM);
    assertThat(parsed)
        .filteredOn(r -> r.securityOrDefault().tls() != null)
        .anySatisfy(
            r -> assertThat(r.securityOrDefault().tls().presentsClientCertificate()).isTrue());
  }
}
