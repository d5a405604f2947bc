package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret Manager's gRPC {@code google.cloud.secretmanager.v1.SecretManagerService/
 * AccessSecretVersion} on an in-process server: the SDK's default transport, with the bearer token
 * in {@code authorization} metadata and NOT_FOUND / PERMISSION_DENIED as gRPC status codes.
 */
class GcpSecretManagerGrpcContractTest {
  private static final String TOKEN = "ya29.grpc-token";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final List<String> authorizations = new CopyOnWriteArrayList<>();
  private static final List<String> names = new CopyOnWriteArrayList<>();
  private static Server server;
  private static ManagedChannel channel;

  private static final MethodDescriptor<AccessSecretVersionRequest, AccessSecretVersionResponse>
      ACCESS =
          MethodDescriptor.<AccessSecretVersionRequest, AccessSecretVersionResponse>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(
                  "google.cloud.secretmanager.v1.SecretManagerService/AccessSecretVersion")
              .setRequestMarshaller(
                  ProtoUtils.marshaller(AccessSecretVersionRequest.getDefaultInstance()))
              .setResponseMarshaller(
                  ProtoUtils.marshaller(AccessSecretVersionResponse.getDefaultInstance()))
              .build();

  @BeforeAll
  static void start() throws Exception {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("google.cloud.secretmanager.v1.SecretManagerService")
            .addMethod(
                ACCESS,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      names.add(request.getName());
                      switch (request.getName()) {
                        case "projects/p/secrets/kafka/versions/latest" -> {
                          ByteString data = ByteString.copyFromUtf8("{\"password\":\"grpc-pw\"}");
                          CRC32C crc = new CRC32C();
                          crc.update(data.toByteArray());
                          response.onNext(
                              AccessSecretVersionResponse.newBuilder()
                                  .setName("projects/123/secrets/kafka/versions/7")
                                  .setPayload(
                                      SecretPayload.newBuilder()
                                          .setData(data)
                                          .setDataCrc32C(crc.getValue()))
                                  .build());
                          response.onCompleted();
                        }
                        case "projects/p/secrets/forbidden/versions/latest" ->
                            response.onError(
                                Status.PERMISSION_DENIED
                                    .withDescription(
                                        "Permission 'secretmanager.versions.access' denied")
                                    .asRuntimeException());
                        case "projects/p/secrets/outage/versions/latest" ->
                            response.onError(
                                Status.UNAVAILABLE
                                    .withDescription("The service is currently unavailable.")
                                    .asRuntimeException());
                        default ->
                            response.onError(
                                Status.NOT_FOUND
                                    .withDescription("Secret [" + request.getName() + "] not found")
                                    .asRuntimeException());
                      }
                    }))
            .build();
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                ServerInterceptors.intercept(
                    service,
                    new io.grpc.ServerInterceptor() {
                      @Override
                      public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                          io.grpc.ServerCall<Q, R> call,
                          Metadata headers,
                          io.grpc.ServerCallHandler<Q, R> next) {
                        authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
                        return next.startCall(call, headers);
                      }
                    }))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private static SecretResolver resolver() {
    var store =
        new GcpSecretManagerStore(
            new SecretStoreConfig.Gcp("p", null, "env:TOKEN"),
            Duration.ofSeconds(2),
            new EnvFileSecretResolver(Map.of("TOKEN", TOKEN)),
            FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)));
    return new CompositeSecretResolver(
        Map.of("gcp-sm", store), Duration.ofMinutes(5), Clock.systemUTC());
  }

  @Test
  void givenSecret_whenResolvedOverGrpc_thenSendsVersionNameAndBearerToken() {
    assertThat(resolver().resolve("gcp-sm:projects/p/secrets/kafka#password")).isEqualTo("grpc-pw");
    assertThat(names).contains("projects/p/secrets/kafka/versions/latest");
    assertThat(authorizations).contains("Bearer " + TOKEN);
  }

  @Test
  void givenNotFoundStatus_whenResolved_thenNonTransientNotFound() {
    assertThatThrownBy(() -> resolver().resolve("gcp-sm:nope"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("no such secret");
  }

  @Test
  void givenPermissionDeniedStatus_whenResolved_thenNonTransientDenied() {
    assertThatThrownBy(() -> resolver().resolve("gcp-sm:forbidden"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isFalse())
        .hasMessageContaining("denied");
  }

  @Test
  void givenUnavailableStatus_whenResolved_thenTransient() {
    assertThatThrownBy(() -> resolver().resolve("gcp-sm:outage"))
        .isInstanceOfSatisfying(
            SecretResolutionException.class, e -> assertThat(e.transientFailure()).isTrue())
        .hasMessageContaining("unreachable");
  }
}
