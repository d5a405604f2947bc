package io.kcrawler.worker.temporal;

import com.uber.m3.tally.Scope;
import io.kcrawler.activities.secrets.SecretResolvers;
import io.kcrawler.activities.secrets.SecretStoreConfig;
import io.kcrawler.worker.codec.CodecDataConverters;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where and how to reach Temporal, shared by the worker and the CLI: address and namespace, TLS or
 * mTLS (self-hosted with a private CA, or Temporal Cloud with client certificates), and an API key
 * (Temporal Cloud). Read from the usual {@code TEMPORAL_*} variables, or from a properties file
 * named by {@code TEMPORAL_CONFIG_FILE} with the same keys; a variable overrides the file.
 */
public record TemporalConnection(
    String address,
    String namespace,
    boolean tls,
    Path clientCert,
    Path clientKey,
    Path serverCa,
    String serverName,
    String apiKey) {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  /** Settings from the environment, over the optional {@code TEMPORAL_CONFIG_FILE}. */
  public static TemporalConnection fromEnv(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>();
    String file = env.get("TEMPORAL_CONFIG_FILE");
    if (file != null && !file.isBlank()) {
      merged.putAll(readFile(Path.of(file)));
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("TEMPORAL_") && v != null && !v.isBlank()) {
            merged.put(k, v);
          }
        });
    Path cert = path(merged.get("TEMPORAL_TLS_CERT"));
    Path key = path(merged.get("TEMPORAL_TLS_KEY"));
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS needs both)");
    }
    Path ca = path(merged.get("TEMPORAL_TLS_CA"));
    String apiKey = merged.get("TEMPORAL_API_KEY");
    // Any TLS material, or an API key (Temporal Cloud accepts API keys only over TLS), means TLS.
    boolean tls =
        Boolean.parseBoolean(merged.getOrDefault("TEMPORAL_TLS", "false"))
            || cert != null
            || ca != null
            || apiKey != null;
    return new TemporalConnection(
        merged.getOrDefault("TEMPORAL_ADDRESS", DEFAULT_ADDRESS),
        merged.getOrDefault("TEMPORAL_NAMESPACE", DEFAULT_NAMESPACE),
        tls,
        cert,
        key,
        ca,
        merged.get("TEMPORAL_TLS_SERVER_NAME"),
        apiKey);
  }

  /** A plain connection to {@code address} in {@code namespace} (dev mode, tests). */
  public static TemporalConnection plain(String address, String namespace) {
    return new TemporalConnection(address, namespace, false, null, null, null, null, null);
  }

  public TemporalConnection withAddress(String newAddress) {
    return new TemporalConnection(
        newAddress, namespace, tls, clientCert, clientKey, serverCa, serverName, apiKey);
  }

  public TemporalConnection withNamespace(String newNamespace) {
    return new TemporalConnection(
        address, newNamespace, tls, clientCert, clientKey, serverCa, serverName, apiKey);
  }

  /** Service stubs for these settings; {@code metrics} may be null (no SDK metrics). */
  public WorkflowServiceStubs newServiceStubs(Scope metrics) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (tls) {
      options.setSslContext(sslContext());
    }
    if (serverName != null) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    if (apiKey != null) {
      String key = apiKey;
      options.addApiKey(() -> key);
    }
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  /**
   * A client on {@code service}; payloads are encrypted when codec keys are configured in the
   * environment (the keys resolve through the configured secret stores), as the workers do.
   */
  public WorkflowClient newClient(WorkflowServiceStubs service) {
    Map<String, String> env = System.getenv();
    return newClient(
        service,
        CodecDataConverters.fromEnv(
            env, SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(env), env)));
  }

  public WorkflowClient newClient(WorkflowServiceStubs service, DataConverter converter) {
    return WorkflowClient.newInstance(
        service,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(converter)
            .build());
  }

  /** Never prints the API key. */
  @Override
  public String toString() {
    return address
        + " namespace="
        + namespace
        + (tls ? " tls" : "")
        + (clientCert != null ? " mtls" : "")
        + (apiKey != null ? " api-key" : "");
  }

  private io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext() {
    try {
      if (clientCert == null) {
        return withTrust(SimpleSslContextBuilder.noKeyOrCertChain()).build();
      }
      // The builder reads the streams in build(), so they stay open until then.
      try (InputStream c = Files.newInputStream(clientCert);
          InputStream k = Files.newInputStream(clientKey)) {
        return withTrust(SimpleSslContextBuilder.forPKCS8(c, k)).build();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Temporal TLS files: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("bad Temporal TLS CA " + serverCa + ": " + e, e);
    }
  }

  private SimpleSslContextBuilder withTrust(SimpleSslContextBuilder builder)
      throws IOException, GeneralSecurityException {
    return serverCa == null
        ? builder
        : builder.setTrustManager(trustManagerFactory(serverCa).getTrustManagers()[0]);
  }

  private static TrustManagerFactory trustManagerFactory(Path caPem)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf;
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TEMPORAL_CONFIG_FILE " + file, e);
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }
}
