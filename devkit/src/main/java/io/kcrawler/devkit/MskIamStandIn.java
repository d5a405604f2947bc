package io.kcrawler.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;

/**
 * A broker-side stand-in for Amazon MSK's IAM access control, for tests only: a SASL mechanism
 * named AWS_MSK_IAM that reads the signed login aws-msk-iam-auth's client sends (the JSON payload
 * its README documents) and admits the access key ids it is configured with, refusing others with
 * "Access denied" as MSK does. It checks the payload's version, action, credential scope, date and
 * signature format; it does not recompute the SigV4 signature, and it models no IAM policy. The
 * client side under test is the real library; the broker is a real Kafka broker; only this
 * mechanism stands in for MSK's.
 */
public final class MskIamStandIn {
  public static final String MECHANISM = "AWS_MSK_IAM";

  private static final String VERSION = "2020_10_22";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code <access key id>/<yyyyMMdd>/<region>/kafka-cluster/aws4_request}. */
  private static final Pattern CREDENTIAL =
      Pattern.compile("([A-Z0-9]{16,128})/[0-9]{8}/[a-z0-9-]+/kafka-cluster/aws4_request");

  private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern DATE = Pattern.compile("[0-9]{8}T[0-9]{6}Z");

  private MskIamStandIn() {}

  /**
   * Broker properties that enable the mechanism on {@code listener} (a SASL_SSL listener) for
   * {@code accessKeyIds}; their owners' principal is {@code User:<access key id>}.
   */
  static Map<String, String> brokerProperties(String listener, Set<String> accessKeyIds) {
    String prefix = ListenerName.normalised(listener).saslMechanismConfigPrefix(MECHANISM);
    Map<String, String> p = new LinkedHashMap<>();
    p.put(
        prefix + SaslConfigs.SASL_JAAS_CONFIG,
        Login.class.getName()
            + " required accessKeyIds=\""
            + String.join(",", accessKeyIds)
            + "\";");
    p.put(
        prefix + BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG,
        Keys.class.getName());
    return p;
  }

  /** The JAAS login module of the mechanism; loading it registers the SASL server factory. */
  public static final class Login implements javax.security.auth.spi.LoginModule {
    static {
      if (Security.getProvider(StandInProvider.NAME) == null) {
        Security.addProvider(new StandInProvider());
      }
    }

    @Override
    public void initialize(
        Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {}

    @Override
    public boolean login() {
      return true;
    }

    @Override
    public boolean commit() {
      return true;
    }

    @Override
    public boolean abort() {
      return false;
    }

    @Override
    public boolean logout() {
      return true;
    }
  }

  private static final class StandInProvider extends Provider {
    static final String NAME = "kcrawler MSK IAM stand-in";

    StandInProvider() {
      super(NAME, "1.0", "SASL/AWS_MSK_IAM server stand-in for tests");
      put("SaslServerFactory." + MECHANISM, Factory.class.getName());
    }
  }

  /** Found through the security provider by {@code Sasl.createSaslServer}. */
  public static final class Factory implements SaslServerFactory {
    @Override
    public SaslServer createSaslServer(
        String mechanism,
        String protocol,
        String serverName,
        Map<String, ?> props,
        CallbackHandler cbh)
        throws SaslException {
      if (!MECHANISM.equals(mechanism)) {
        throw new SaslException("unsupported mechanism " + mechanism);
      }
      return new Server(cbh);
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
      return new String[] {MECHANISM};
    }
  }

  /** Asks the broker's {@link Keys} whether an access key id may log in. */
  static final class AccessKeyCallback implements Callback {
    final String accessKeyId;
    boolean admitted;

    AccessKeyCallback(String accessKeyId) {
      this.accessKeyId = accessKeyId;
    }
  }

  /** The broker's server callback handler: the access key ids of the JAAS options. */
  public static final class Keys implements AuthenticateCallbackHandler {
    private Set<String> admitted = Set.of();

    @Override
    public void configure(
        Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {
      Object ids = jaasConfigEntries.get(0).getOptions().get("accessKeyIds");
      admitted =
          ids == null
              ? Set.of()
              : Arrays.stream(ids.toString().split(","))
                  .map(String::trim)
                  .collect(Collectors.toSet());
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
      for (Callback c : callbacks) {
        if (!(c instanceof AccessKeyCallback key)) {
          throw new UnsupportedCallbackException(c);
        }
        key.admitted = admitted.contains(key.accessKeyId);
      }
    }

    @Override
    public void close() {}
  }

  /** One login: a single message from the client, a single answer. */
  private static final class Server implements SaslServer {
    private final CallbackHandler keys;
    private String principal;

    Server(CallbackHandler keys) {
      this.keys = keys;
    }

    @Override
    public String getMechanismName() {
      return MECHANISM;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
      JsonNode payload;
      try {
        payload = JSON.readTree(response);
      } catch (IOException e) {
        throw new SaslAuthenticationException("Invalid authentication payload: not JSON");
      }
      Matcher credential = CREDENTIAL.matcher(payload.path("x-amz-credential").asText());
      if (!VERSION.equals(payload.path("version").asText())
          || !"kafka-cluster:Connect".equals(payload.path("action").asText())
          || payload.path("host").asText().isEmpty()
          || !"AWS4-HMAC-SHA256".equals(payload.path("x-amz-algorithm").asText())
          || !DATE.matcher(payload.path("x-amz-date").asText()).matches()
          || !SIGNATURE.matcher(payload.path("x-amz-signature").asText()).matches()
          || !credential.matches()) {
        throw new SaslAuthenticationException("Invalid authentication payload");
      }
      AccessKeyCallback key = new AccessKeyCallback(credential.group(1));
      try {
        keys.handle(new Callback[] {key});
      } catch (IOException | UnsupportedCallbackException e) {
        throw new SaslException("access key check failed", e);
      }
      if (!key.admitted) {
        throw new SaslAuthenticationException("Access denied");
      }
      principal = key.accessKeyId;
      return ("{\"version\":\"" + VERSION + "\",\"request-id\":\"" + UUID.randomUUID() + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isComplete() {
      return principal != null;
    }

    @Override
    public String getAuthorizationID() {
      return principal;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
      throw new IllegalStateException("no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
      throw new IllegalStateException("no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
      return null;
    }

    @Override
    public void dispose() {}
  }
}
