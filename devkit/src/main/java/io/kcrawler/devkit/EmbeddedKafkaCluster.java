package io.kcrawler.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SslClientAuth;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.authorizer.Authorizer;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka cluster in this JVM: combined broker+controller nodes in KRaft mode, started
 * from Kafka's production jars. Plain mode has one PLAINTEXT listener; SASL_SSL mode a SASL_SSL
 * listener (PLAIN and SCRAM, self-signed certificate for localhost); SSL mode a TLS listener and
 * mutual-TLS mode one that requires a client certificate, both with a certificate from a private
 * CA. SASL_SSL and mutual TLS can add the {@code StandardAuthorizer} with ACLs, as in a locked-down
 * production cluster.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  /** The super user of SASL_SSL clusters; its password is only known to the test or dev mode. */
  public static final String ADMIN_USER = "admin";

  /**
   * The common name of the broker certificate in SSL and mutual-TLS modes. Under mutual TLS the
   * brokers and the cluster's own admin client present it, as principal {@code
   * User:CN=kafka-broker} (a super user with the authorizer).
   */
  public static final String BROKER_CERTIFICATE_CN = "kafka-broker";

  /**
   * The broker certificate's only subject alternative name in SSL and mutual-TLS modes: a client
   * that connects to {@code localhost} and verifies host names meets a mismatch.
   */
  public static final String BROKER_CERTIFICATE_SAN = "ip:127.0.0.1";

  /** The client listener's security: Kafka's {@code security.protocol} of its clients. */
  private enum Mode {
    PLAINTEXT,
    SASL_SSL,
    SSL,
    MUTUAL_TLS;

    String protocol() {
      return this == MUTUAL_TLS ? "SSL" : name();
    }
  }

  private final Builder config;
  private final Path baseDir;
  private final List<KafkaRaftServer> servers = new ArrayList<>();
  private final List<Integer> clientPorts = new ArrayList<>();
  private final List<Integer> controllerPorts = new ArrayList<>();
  private final List<Properties> nodeProps = new ArrayList<>();
  private TlsMaterial tls;
  private CertificateAuthority authority;
  private final String clusterId = Uuid.randomUuid().toString();

  private EmbeddedKafkaCluster(Builder builder) {
    this.config = builder;
    try {
      this.baseDir = Files.createTempDirectory("kcrawler-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Kafka's allow-list of OAuth endpoint URLs, a system property on broker and client alike. */
  public static final String OAUTH_ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

  /** Builds and starts a cluster. */
  public static final class Builder {
    private int nodes = 1;
    private Mode mode = Mode.PLAINTEXT;
    private boolean authorizer;
    private String adminPassword = "admin-secret";
    private final Map<String, String> plainUsers = new LinkedHashMap<>();
    private final Map<String, String> scramUsers = new LinkedHashMap<>();
    private final java.util.Set<String> mskIamAccessKeys = new java.util.LinkedHashSet<>();
    private String oauthJwksUrl;
    private String oauthAudience;
    private String oauthIssuer;
    private final Map<String, String> extraBrokerProps = new LinkedHashMap<>();
    private final Map<Integer, Integer> listenerPorts = new LinkedHashMap<>();
    private final Map<Integer, Integer> advertisedPorts = new LinkedHashMap<>();

    public Builder nodes(int n) {
      this.nodes = n;
      return this;
    }

    /** A SASL_SSL listener (PLAIN and SCRAM-SHA-256/512) instead of PLAINTEXT. */
    public Builder saslSsl(String adminPassword) {
      this.mode = Mode.SASL_SSL;
      this.adminPassword = adminPassword;
      return this;
    }

    /**
     * An SSL listener instead of PLAINTEXT: TLS with a server certificate from the cluster's
     * private CA ({@link #caCertificatePem()}), no client authentication.
     */
    public Builder ssl() {
      this.mode = Mode.SSL;
      return this;
    }

    /**
     * An SSL listener that requires a client certificate issued by the cluster's CA ({@link
     * #issueClientCertificate}); the certificate's DN is the client's principal, {@code
     * User:CN=<name>}. Brokers and controllers talk mutual TLS among themselves too.
     */
    public Builder mutualTls() {
      this.mode = Mode.MUTUAL_TLS;
      return this;
    }

    /** A SASL/PLAIN user (secure mode). */
    public Builder plainUser(String user, String password) {
      plainUsers.put(user, password);
      return this;
    }

    /** A SCRAM-SHA-256 and SCRAM-SHA-512 user created when the storage is formatted. */
    public Builder scramUser(String user, String password) {
      scramUsers.put(user, password);
      return this;
    }

    /**
     * SASL_SSL mode: also offers AWS_MSK_IAM through {@link MskIamStandIn}, admitting logins signed
     * with these access key ids (principal {@code User:<access key id>}).
     */
    public Builder mskIamStandIn(String... accessKeyIds) {
      mskIamAccessKeys.addAll(List.of(accessKeyIds));
      return this;
    }

    /** Turns on {@code StandardAuthorizer}: only the admin and explicit ACLs are allowed. */
    /**
     * Also SASL/OAUTHBEARER on the SASL_SSL listener, validated as Kafka documents (KIP-768):
     * {@code OAuthBearerValidatorCallbackHandler} checks each token's signature against the JWK Set
     * at {@code jwksUrl}, its audience and issuer; the principal is {@code User:<sub>}.
     */
    public Builder oauthBearer(String jwksUrl, String audience, String issuer) {
      this.oauthJwksUrl = jwksUrl;
      this.oauthAudience = audience;
      this.oauthIssuer = issuer;
      return this;
    }

    public Builder withAuthorizer() {
      this.authorizer = true;
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      extraBrokerProps.put(key, value);
      return this;
    }

    /**
     * Node {@code node}'s client listener binds {@code listenerPort} but advertises {@code
     * advertisedPort} on 127.0.0.1: clients then reach the node through whatever listens there,
     * such as a proxy that adds latency or counts requests.
     */
    public Builder advertisedPort(int node, int listenerPort, int advertisedPort) {
      listenerPorts.put(node, listenerPort);
      advertisedPorts.put(node, advertisedPort);
      return this;
    }

    public EmbeddedKafkaCluster start() {
      if (!mskIamAccessKeys.isEmpty() && mode != Mode.SASL_SSL) {
        throw new IllegalStateException("the AWS_MSK_IAM stand-in needs saslSsl()");
      }
      if (authorizer && (mode == Mode.PLAINTEXT || mode == Mode.SSL)) {
        throw new IllegalStateException(
            "the authorizer needs authenticated principals: use saslSsl() or mutualTls()");
      }
      EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(this);
      cluster.startNodes();
      return cluster;
    }
  }

  private void startNodes() {
    // A broker that hits a fatal fault halts the JVM; in tests and dev mode, throw instead.
    Exit.setHaltProcedure(
        (code, message) -> {
          throw new IllegalStateException("embedded Kafka halted (" + code + "): " + message);
        });
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException("embedded Kafka exited (" + code + "): " + message);
        });
    try {
      if (config.mode == Mode.SASL_SSL) {
        tls = TlsMaterial.selfSigned(baseDir.resolve("tls"));
      } else if (config.mode == Mode.SSL || config.mode == Mode.MUTUAL_TLS) {
        authority = CertificateAuthority.create(baseDir.resolve("ca"), "kcrawler-test-ca");
        tls = authority.issueServer(BROKER_CERTIFICATE_CN, BROKER_CERTIFICATE_SAN);
      }
      for (int i = 0; i < config.nodes; i++) {
        Integer fixed = config.listenerPorts.get(i);
        clientPorts.add(fixed != null ? fixed : freePort());
        controllerPorts.add(freePort());
      }
      String voters =
          Stream.iterate(0, i -> i + 1)
              .limit(config.nodes)
              .map(i -> i + "@127.0.0.1:" + controllerPorts.get(i))
              .collect(Collectors.joining(","));
      for (int i = 0; i < config.nodes; i++) {
        Properties props = nodeProperties(i, voters);
        nodeProps.add(props);
        format(i, props);
      }
      // Combined nodes must start together: each waits for a controller quorum.
      List<CompletableFuture<KafkaRaftServer>> starting = new ArrayList<>();
      for (Properties props : nodeProps) {
        starting.add(
            CompletableFuture.supplyAsync(
                () -> {
                  KafkaRaftServer server =
                      new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
                  server.startup();
                  return server;
                }));
      }
      for (CompletableFuture<KafkaRaftServer> f : starting) {
        servers.add(f.join());
      }
      awaitReady();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
    }
  }

  private Properties nodeProperties(int node, String voters) throws IOException {
    Path logDir = Files.createDirectories(baseDir.resolve("node-" + node + "/data"));
    Path metaDir = Files.createDirectories(baseDir.resolve("node-" + node + "/meta"));
    String clientListener = config.mode.protocol();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(node));
    p.put("controller.quorum.voters", voters);
    p.put(
        "listeners",
        clientListener
            + "://127.0.0.1:"
            + clientPorts.get(node)
            + ",CONTROLLER://127.0.0.1:"
            + controllerPorts.get(node));
    p.put(
        "advertised.listeners",
        clientListener
            + "://127.0.0.1:"
            + config.advertisedPorts.getOrDefault(node, clientPorts.get(node)));
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", clientListener);
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", metaDir.toString());
    String rf = String.valueOf(Math.min(3, config.nodes));
    p.put("offsets.topic.replication.factor", rf);
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    // Small segments and indexes: big synthetic clusters map two index files per partition.
    p.put("log.segment.bytes", String.valueOf(1024 * 1024));
    p.put("log.index.size.max.bytes", String.valueOf(64 * 1024));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.put("broker.rack", "rack-" + (node % 2));
    if (config.mode == Mode.SASL_SSL) {
      p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
      p.put(
          "sasl.enabled.mechanisms",
          "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"
              + (config.mskIamAccessKeys.isEmpty() ? "" : "," + MskIamStandIn.MECHANISM)
              + (config.oauthJwksUrl == null ? "" : ",OAUTHBEARER"));
      if (config.oauthJwksUrl != null) {
        // Kafka 4 reads JWKS only from URLs this JVM-wide allow-list names.
        String allowed = System.getProperty(OAUTH_ALLOWED_URLS, "");
        if (!allowed.contains(config.oauthJwksUrl)) {
          System.setProperty(
              OAUTH_ALLOWED_URLS,
              allowed.isBlank() ? config.oauthJwksUrl : allowed + "," + config.oauthJwksUrl);
        }
        p.put(
            "listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        p.put(
            "listener.name.sasl_ssl.oauthbearer.sasl.jaas.config",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        p.put(
            "listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.jwks.endpoint.url",
            config.oauthJwksUrl);
        p.put(
            "listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.expected.audience",
            config.oauthAudience);
        p.put(
            "listener.name.sasl_ssl.oauthbearer.sasl.oauthbearer.expected.issuer",
            config.oauthIssuer);
        p.put("sasl.oauthbearer.jwks.endpoint.url", config.oauthJwksUrl);
        p.put("sasl.oauthbearer.expected.audience", config.oauthAudience);
        p.put("sasl.oauthbearer.expected.issuer", config.oauthIssuer);
      }
      if (!config.mskIamAccessKeys.isEmpty()) {
        MskIamStandIn.brokerProperties("SASL_SSL", config.mskIamAccessKeys).forEach(p::put);
      }
      // SCRAM has no JAAS entry on the controller listener: offer only PLAIN there.
      p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.put("sasl.mechanism.controller.protocol", "PLAIN");
      String jaas = plainJaas();
      p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas);
      p.put("listener.name.controller.plain.sasl.jaas.config", jaas);
      String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
      p.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config", scram);
      p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scram);
      p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
      p.put("listener.name.sasl_ssl.ssl.keystore.location", tls.keystore().toString());
      p.put("listener.name.sasl_ssl.ssl.keystore.password", TlsMaterial.STORE_PASSWORD);
      p.put("listener.name.sasl_ssl.ssl.key.password", TlsMaterial.STORE_PASSWORD);
      p.put("listener.name.sasl_ssl.ssl.truststore.type", "PKCS12");
      p.put("listener.name.sasl_ssl.ssl.truststore.location", tls.truststore().toString());
      p.put("listener.name.sasl_ssl.ssl.truststore.password", TlsMaterial.STORE_PASSWORD);
    } else if (config.mode == Mode.SSL || config.mode == Mode.MUTUAL_TLS) {
      tlsListeners(p);
    } else {
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }
    if (config.authorizer) {
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put(
          "super.users",
          config.mode == Mode.MUTUAL_TLS
              ? "User:CN=" + BROKER_CERTIFICATE_CN
              : "User:" + ADMIN_USER);
      p.put("allow.everyone.if.no.acl.found", "false");
    }
    config.extraBrokerProps.forEach(p::put);
    return p;
  }

  /**
   * SSL and mutual-TLS modes: the broker-wide TLS settings serve the client listener and, under
   * mutual TLS, the controller listener too, so that brokers and controllers authenticate each
   * other with the broker certificate (a PLAINTEXT controller listener would be ANONYMOUS).
   */
  private void tlsListeners(Properties p) {
    boolean mutual = config.mode == Mode.MUTUAL_TLS;
    p.put("listener.security.protocol.map", "SSL:SSL,CONTROLLER:" + (mutual ? "SSL" : "PLAINTEXT"));
    p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
    p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.keystore().toString());
    p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TlsMaterial.STORE_PASSWORD);
    p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, TlsMaterial.STORE_PASSWORD);
    p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
    p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.truststore().toString());
    p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TlsMaterial.STORE_PASSWORD);
    p.put(
        BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG,
        (mutual ? SslClientAuth.REQUIRED : SslClientAuth.NONE).toString());
  }

  private String plainJaas() {
    StringBuilder sb =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
            .append(" username=\"")
            .append(ADMIN_USER)
            .append("\" password=\"")
            .append(config.adminPassword)
            .append("\" user_")
            .append(ADMIN_USER)
            .append("=\"")
            .append(config.adminPassword)
            .append('"');
    config.plainUsers.forEach(
        (u, pw) -> sb.append(" user_").append(u).append("=\"").append(pw).append('"'));
    return sb.append(';').toString();
  }

  private void format(int node, Properties props) throws Exception {
    Formatter formatter =
        new Formatter()
            .setNodeId(node)
            .setClusterId(clusterId)
            .setDirectories(
                List.of(props.getProperty("log.dirs"), props.getProperty("metadata.log.dir")))
            .setMetadataLogDirectory(props.getProperty("metadata.log.dir"))
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setControllerListenerName("CONTROLLER")
            .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    if (!config.scramUsers.isEmpty()) {
      List<String> scram = new ArrayList<>();
      config.scramUsers.forEach(
          (u, pw) -> {
            scram.add("SCRAM-SHA-256=[name=" + u + ",password=" + pw + "]");
            scram.add("SCRAM-SHA-512=[name=" + u + ",password=" + pw + "]");
          });
      formatter.setScramArguments(scram);
    }
    formatter.run();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    try (Admin admin = Admin.create(adminClientProperties())) {
      while (true) {
        try {
          int brokers = admin.describeCluster().nodes().get().size();
          if (brokers == config.nodes) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("brokers did not register in time");
        }
        Thread.sleep(100);
      }
    }
  }

  /** {@code host:port,…} of the client listener. */
  public String bootstrapServers() {
    return clientPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  /** True unless the listener is PLAINTEXT. */
  public boolean secure() {
    return config.mode != Mode.PLAINTEXT;
  }

  public String clusterId() {
    return clusterId;
  }

  public int nodeCount() {
    return config.nodes;
  }

  /** The CA certificate (PEM) clients must trust in every mode but PLAINTEXT. */
  public Path caCertificatePem() {
    return tls == null ? null : tls.caPem();
  }

  /**
   * The same CA as a PKCS12 truststore (password {@link TlsMaterial#STORE_PASSWORD}), in SSL and
   * mutual-TLS modes.
   */
  public Path truststore() {
    return authority == null ? null : authority.truststore();
  }

  /**
   * A client certificate for {@code CN=<commonName>} issued by the cluster's CA (SSL and mutual-TLS
   * modes), its PKCS12 keystore protected by {@code keystorePassword}.
   */
  public TlsMaterial.ClientCertificate issueClientCertificate(
      String commonName, String keystorePassword) {
    if (authority == null) {
      throw new IllegalStateException("only SSL and mutual-TLS clusters have a CA");
    }
    try {
      return authority.issueClient(commonName, keystorePassword);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the issued client certificate", e);
    }
  }

  /**
   * Node {@code node}'s own authorizer, the instance that decides its requests: tests ask it as the
   * ground truth of who may do what. Kafka keeps the broker in a private field of the server.
   */
  public Authorizer authorizer(int node) {
    try {
      Field field = KafkaRaftServer.class.getDeclaredField("broker");
      field.setAccessible(true);
      scala.Option<?> broker = (scala.Option<?>) field.get(servers.get(node));
      return ((BrokerServer) broker.get()).authorizerPlugin().get().get();
    } catch (ReflectiveOperationException | java.util.NoSuchElementException e) {
      throw new IllegalStateException("node " + node + " runs no authorizer", e);
    }
  }

  /** Client properties of the super user: what tests and the seeder use to set a cluster up. */
  public Properties adminClientProperties() {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    switch (config.mode) {
      case SASL_SSL -> p.putAll(clientSecurity(ADMIN_USER, config.adminPassword, "PLAIN"));
      case SSL, MUTUAL_TLS -> {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.caPem().toString());
        if (config.mode == Mode.MUTUAL_TLS) {
          // The broker's own certificate: the super user under the authorizer.
          p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
          p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.keystore().toString());
          p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TlsMaterial.STORE_PASSWORD);
        }
      }
      case PLAINTEXT -> {}
    }
    return p;
  }

  /** SASL_SSL client properties for {@code user} (PLAIN or SCRAM-SHA-256/512). */
  public Properties clientSecurity(String user, String password, String mechanism) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    p.put("sasl.mechanism", mechanism);
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    p.put(
        "sasl.jaas.config",
        module + " required username=\"" + user + "\" password=\"" + password + "\";");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", tls.caPem().toString());
    return p;
  }

  /**
   * Creates topics in batches and waits until the brokers serve all of them: the controller
   * acknowledges a creation before the brokers have created the logs (~50 partitions/s here).
   */
  public void createTopics(List<NewTopic> topics, Duration timeout) {
    try (Admin admin = Admin.create(adminClientProperties())) {
      for (int i = 0; i < topics.size(); i += CREATE_TOPICS_BATCH) {
        admin
            .createTopics(topics.subList(i, Math.min(topics.size(), i + CREATE_TOPICS_BATCH)))
            .all()
            .get();
      }
      java.util.Set<String> wanted = new java.util.HashSet<>();
      topics.forEach(t -> wanted.add(t.name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!admin.listTopics().names().get().containsAll(wanted)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics not served after " + timeout);
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("creating topics failed: " + e.getCause(), e.getCause());
    }
  }

  /** Topics per CreateTopics request when seeding big clusters. */
  static final int CREATE_TOPICS_BATCH = 500;

  /** Stops one node (simulates an outage); {@link #restartNode(int)} brings it back. */
  public void stopNode(int node) {
    KafkaRaftServer server = servers.get(node);
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      servers.set(node, null);
    }
  }

  public void restartNode(int node) {
    KafkaRaftServer server =
        new KafkaRaftServer(new KafkaConfig(nodeProps.get(node), false), Time.SYSTEM);
    server.startup();
    servers.set(node, server);
  }

  @Override
  public void close() {
    // Shut down in parallel: one by one, the last nodes lose the quorum and hang.
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (KafkaRaftServer server : servers) {
      if (server != null) {
        stopping.add(
            CompletableFuture.runAsync(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                }));
      }
    }
    stopping.forEach(CompletableFuture::join);
    servers.clear();
    deleteQuietly(baseDir);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Temp files; the OS cleans up what is left.
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
