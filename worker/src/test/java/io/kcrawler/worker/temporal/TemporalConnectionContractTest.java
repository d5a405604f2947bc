package io.kcrawler.worker.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.kcrawler.worker.support.SelfSignedPem;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a frontend that, like Temporal Cloud, requires TLS with a client certificate and reads an
 * API key from the {@code authorization} header, when the worker's connection is built from the
 * TEMPORAL_TLS_* and TEMPORAL_API_KEY settings, then the call gets through with the key as a bearer
 * token; without the client certificate it does not.
 */
class TemporalConnectionContractTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final List<String> authorizations = new CopyOnWriteArrayList<>();
  private static Server server;
  private static SelfSignedPem serverCert;
  private static SelfSignedPem clientCert;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    serverCert = SelfSignedPem.create(dir, "temporal-frontend");
    clientCert = SelfSignedPem.create(dir, "kcrawler-worker");
    ServerInterceptor recordAuthorization =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String value = headers.get(AUTHORIZATION);
            authorizations.add(value == null ? "" : value);
            return next.startCall(call, headers);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.forServer(
                        serverCert.certificate().toFile(), serverCert.privateKey().toFile())
                    .trustManager(clientCert.certificate().toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build())
            .addService(
                ServerInterceptors.intercept(
                    new WorkflowServiceGrpc.WorkflowServiceImplBase() {
                      @Override
                      public void getSystemInfo(
                          GetSystemInfoRequest request,
                          StreamObserver<GetSystemInfoResponse> response) {
                        response.onNext(
                            GetSystemInfoResponse.newBuilder().setServerVersion("tls").build());
                        response.onCompleted();
                      }
                    },
                    recordAuthorization))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  private static String call(TemporalConnection connection) {
    WorkflowServiceStubs stubs = connection.newServiceStubs(null);
    try {
      return stubs
          .blockingStub()
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
          .getServerVersion();
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void mtlsWithAnApiKeyGetsThroughAndSendsTheKeyAsABearerToken() {
    TemporalConnection connection =
        TemporalConnection.fromEnv(
            Map.of(
                "TEMPORAL_ADDRESS",
                "127.0.0.1:" + server.getPort(),
                "TEMPORAL_NAMESPACE",
                "prod.a1b2c",
                "TEMPORAL_TLS_CERT",
                clientCert.certificate().toString(),
                "TEMPORAL_TLS_KEY",
                clientCert.privateKey().toString(),
                "TEMPORAL_TLS_CA",
                serverCert.certificate().toString(),
                "TEMPORAL_TLS_SERVER_NAME",
                "localhost",
                "TEMPORAL_API_KEY",
                "kc-test-api-key"));

    assertThat(call(connection)).isEqualTo("tls");
    assertThat(authorizations).contains("Bearer kc-test-api-key");
  }

  @Test
  void withoutTheClientCertificateTheServerRefuses() {
    TemporalConnection connection =
        TemporalConnection.fromEnv(
            Map.of(
                "TEMPORAL_ADDRESS",
                "127.0.0.1:" + server.getPort(),
                "TEMPORAL_TLS_CA",
                serverCert.certificate().toString(),
                "TEMPORAL_TLS_SERVER_NAME",
                "localhost"));

    Throwable thrown = catchThrowable(() -> call(connection));

    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
  }
}
