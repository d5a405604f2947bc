package io.kcrawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kcrawler.model.Json;
import io.kcrawler.worker.support.CrawlTestEnv;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given a malformed request typed into the Temporal UI, when the crawl starts, then it fails at
 * once with a non-retryable INVALID_INPUT naming the field, no activity is scheduled and no
 * connection reaches the "cluster" (a socket that counts accepted connections).
 */
class InvalidRequestIntegrationTest {
  private static CrawlTestEnv env;
  private static ServerSocket fakeBroker;
  private static final AtomicInteger connections = new AtomicInteger();
  private static String bootstrap;

  @BeforeAll
  static void start() throws IOException {
    env = CrawlTestEnv.start();
    fakeBroker = new ServerSocket(0);
    bootstrap = "127.0.0.1:" + fakeBroker.getLocalPort();
    Thread acceptor =
        new Thread(
            () -> {
              while (!fakeBroker.isClosed()) {
                try (Socket s = fakeBroker.accept()) {
                  connections.incrementAndGet();
                } catch (IOException closed) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterAll
  static void stop() throws IOException {
    fakeBroker.close();
    env.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty request                     | {}                                                              | connectionId",
        "not an object                     | []                                                              | request",
        "missing bootstrapServers          | {'connectionId':'c'}                                            | bootstrapServers",
        "empty bootstrapServers            | {'connectionId':'c','bootstrapServers':''}                      | bootstrapServers",
        "host without port                 | {'connectionId':'c','bootstrapServers':'localhost'}              | bootstrapServers",
        "port out of range                 | {'connectionId':'c','bootstrapServers':'localhost:99999'}        | bootstrapServers",
        "port not a number                 | {'connectionId':'c','bootstrapServers':'localhost:abc'}          | bootstrapServers",
        "bootstrapServers of wrong type    | {'connectionId':'c','bootstrapServers':9092}                    | bootstrapServers",
        "connectionId with spaces          | {'connectionId':'my conn','bootstrapServers':'BOOT'}            | connectionId",
        "misspelled field                  | {'connectionId':'c','bootstrapServer':'BOOT'}                   | bootstrapServer",
        "invalid include regex             | {'connectionId':'c','bootstrapServers':'BOOT','includeTopics':['(']} | includeTopics[0]",
        "excludeTopics not an array        | {'connectionId':'c','bootstrapServers':'BOOT','excludeTopics':'orders'} | excludeTopics",
        "skipInternalTopics not a boolean  | {'connectionId':'c','bootstrapServers':'BOOT','skipInternalTopics':'yes'} | skipInternalTopics",
        "unknown security protocol         | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_TLS'}} | security.protocol",
        "SASL without mechanism            | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_SSL','username':'u','passwordRef':'env:P'}} | security.saslMechanism",
        "unknown SASL mechanism            | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_SSL','saslMechanism':'GSSAPI','username':'u','passwordRef':'env:P'}} | security.saslMechanism",
        "SASL without password reference   | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_SSL','saslMechanism':'PLAIN','username':'u'}} | security.passwordRef",
        "inline secret instead of a ref    | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_SSL','saslMechanism':'PLAIN','username':'u','passwordRef':'hunter2'}} | security.passwordRef",
        "unknown secret store scheme       | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SASL_SSL','saslMechanism':'PLAIN','username':'u','passwordRef':'s3:bucket/key'}} | security.passwordRef",
        "mechanism without SASL            | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'PLAINTEXT','saslMechanism':'PLAIN'}} | security.saslMechanism",
        "unknown security field            | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'SSL','caCert':'x'}} | security.caCert",
        "TLS settings without TLS          | {'connectionId':'c','bootstrapServers':'BOOT','security':{'protocol':'PLAINTEXT','tls':{'caCertificateRef':'file:/ca.pem'}}} | security.tls",
        "registry URL not http             | {'connectionId':'c','bootstrapServers':'BOOT','schemaRegistry':{'url':'ftp://sr'}} | schemaRegistry.url",
        "unknown registry auth type        | {'connectionId':'c','bootstrapServers':'BOOT','schemaRegistry':{'url':'http://sr:8081','authType':'DIGEST'}} | schemaRegistry.authType",
        "registry BASIC without username   | {'connectionId':'c','bootstrapServers':'BOOT','schemaRegistry':{'url':'http://sr:8081','authType':'BASIC','passwordRef':'env:X'}} | schemaRegistry.username",
        "secret in client properties       | {'connectionId':'c','bootstrapServers':'BOOT','clientProperties':{'sasl.jaas.config':'x'}} | clientProperties.sasl.jaas.config",
        "producer setting in client props  | {'connectionId':'c','bootstrapServers':'BOOT','clientProperties':{'transactional.id':'x'}} | clientProperties.transactional.id",
        "bad runtime id                    | {'connectionId':'c','bootstrapServers':'BOOT','runtimeId':'Bad_Runtime'} | runtimeId",
        "blank output location             | {'connectionId':'c','bootstrapServers':'BOOT','outputLocation':' '} | outputLocation",
      })
  void malformedRequestFailsAtOnceNamingTheField(String name, String json, String field)
      throws IOException {
    String request = json.replace('\'', '"').replace("BOOT", bootstrap);
    WorkflowStub stub = env.start(Json.mapper().readTree(request));

    Throwable thrown = catchThrowable(() -> stub.getResult(Object.class));

    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("INVALID_INPUT");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(field + ":");
    assertThat(env.history(stub.getExecution().getWorkflowId()))
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    assertThat(connections.get()).isZero();
  }
}
