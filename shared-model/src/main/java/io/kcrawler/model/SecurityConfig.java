package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the crawler authenticates to the cluster. {@code protocol} is Kafka's {@code
 * security.protocol}; {@code saslMechanism} is PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER
 * (with {@code oauth}) or AWS_MSK_IAM. The password (Confluent Cloud: the API secret) is always a
 * reference resolved on the worker that runs the activity; the username (API key) may be given
 * inline or as a reference. AWS_MSK_IAM takes no password: the worker's AWS credentials chain
 * signs, optionally through a named profile or a role to assume; the {@code aws*} fields carry
 * aws-msk-iam-auth's options of the same name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityConfig(
    String protocol,
    String saslMechanism,
    String username,
    String usernameRef,
    String passwordRef,
    String awsProfileName,
    String awsRoleArn,
    String awsRoleSessionName,
    String awsRoleExternalId,
    String awsStsRegion,
    TlsConfig tls,
    OAuthConfig oauth) {

  public SecurityConfig(
      String protocol,
      String saslMechanism,
      String username,
      String usernameRef,
      String passwordRef,
      String awsProfileName,
      String awsRoleArn,
      String awsRoleSessionName,
      String awsRoleExternalId,
      String awsStsRegion,
      TlsConfig tls) {
    this(
        protocol,
        saslMechanism,
        username,
        usernameRef,
        passwordRef,
        awsProfileName,
        awsRoleArn,
        awsRoleSessionName,
        awsRoleExternalId,
        awsStsRegion,
        tls,
        null);
  }

  /**
   * SASL/OAUTHBEARER with OIDC client credentials ({@code oauth}): Kafka's own login handler gets
   * and refreshes the token; Confluent Cloud's {@code logicalCluster} and {@code identityPoolId}
   * travel as SASL extensions.
   */
  public static final String OAUTHBEARER = "OAUTHBEARER";

  public static SecurityConfig oauthBearer(OAuthConfig oauth, TlsConfig tls) {
    return new SecurityConfig(
        "SASL_SSL", OAUTHBEARER, null, null, null, null, null, null, null, null, tls, oauth);
  }

  public boolean usesOAuthBearer() {
    return usesSasl() && OAUTHBEARER.equals(saslMechanism);
  }

  /** The SASL mechanism of Amazon MSK's IAM access control (aws-msk-iam-auth). */
  public static final String AWS_MSK_IAM = "AWS_MSK_IAM";

  public static SecurityConfig plaintext() {
    return new SecurityConfig(
        "PLAINTEXT", null, null, null, null, null, null, null, null, null, null);
  }

  /** TLS without SASL: server trust and, with a client certificate in {@code tls}, mutual TLS. */
  public static SecurityConfig ssl(TlsConfig tls) {
    return new SecurityConfig("SSL", null, null, null, null, null, null, null, null, null, tls);
  }

  public static SecurityConfig sasl(
      String protocol, String mechanism, String username, String passwordRef) {
    return new SecurityConfig(
        protocol, mechanism, username, null, passwordRef, null, null, null, null, null, null);
  }

  /**
   * SASL_SSL with AWS_MSK_IAM: the default AWS credentials chain, or {@code awsProfileName}'s
   * profile, or the role {@code awsRoleArn} assumed with either.
   */
  public static SecurityConfig awsMskIam(String awsProfileName, String awsRoleArn) {
    return new SecurityConfig(
        "SASL_SSL",
        AWS_MSK_IAM,
        null,
        null,
        null,
        awsProfileName,
        awsRoleArn,
        null,
        null,
        null,
        null);
  }

  public SecurityConfig withTls(TlsConfig newTls) {
    return new SecurityConfig(
        protocol,
        saslMechanism,
        username,
        usernameRef,
        passwordRef,
        awsProfileName,
        awsRoleArn,
        awsRoleSessionName,
        awsRoleExternalId,
        awsStsRegion,
        newTls,
        oauth);
  }

  /** The role's session name, external id and STS region (AWS_MSK_IAM with awsRoleArn). */
  public SecurityConfig withRoleOptions(String sessionName, String externalId, String stsRegion) {
    return new SecurityConfig(
        protocol,
        saslMechanism,
        username,
        usernameRef,
        passwordRef,
        awsProfileName,
        awsRoleArn,
        sessionName,
        externalId,
        stsRegion,
        tls,
        oauth);
  }

  public String protocolOrDefault() {
    return protocol == null ? "PLAINTEXT" : protocol;
  }

  public boolean usesSasl() {
    return protocolOrDefault().startsWith("SASL_");
  }

  public boolean usesTls() {
    String p = protocolOrDefault();
    return p.equals("SSL") || p.equals("SASL_SSL");
  }

  /**
   * The aws* fields that are set, in declaration order, by name: the request's field names are
   * aws-msk-iam-auth's JAAS option names.
   */
  public Map<String, String> awsIamOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    String[][] fields = {
      {"awsProfileName", awsProfileName},
      {"awsRoleArn", awsRoleArn},
      {"awsRoleSessionName", awsRoleSessionName},
      {"awsRoleExternalId", awsRoleExternalId},
      {"awsStsRegion", awsStsRegion}
    };
    for (String[] field : fields) {
      if (field[1] != null) {
        options.put(field[0], field[1]);
      }
    }
    return options;
  }

  /** SASL with AWS_MSK_IAM: credentials come from AWS, not from a username and password. */
  public boolean usesAwsIam() {
    return usesSasl() && AWS_MSK_IAM.equals(saslMechanism);
  }
}
