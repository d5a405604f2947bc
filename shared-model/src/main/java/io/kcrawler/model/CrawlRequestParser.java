package io.kcrawler.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the JSON a person typed (Temporal UI, CLI file, schedule) into a {@link CrawlRequest}, or
 * fails with every problem named by field. Pure and deterministic: the workflow calls it before any
 * activity runs, so a bad request never opens a connection.
 */
public final class CrawlRequestParser {

  static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  /** In the order error messages list them. */
  static final List<String> SASL_MECHANISMS =
      List.of(
          "PLAIN",
          "SCRAM-SHA-256",
          "SCRAM-SHA-512",
          SecurityConfig.OAUTHBEARER,
          SecurityConfig.AWS_MSK_IAM);

  static final Set<String> REGISTRY_AUTH_TYPES = Set.of("NONE", "BASIC", "BEARER", "OAUTH");
  static final Set<String> SUBJECT_STRATEGIES =
      Set.of("TopicNameStrategy", "TopicRecordNameStrategy", "RecordNameStrategy");

  /** Used in workflow ids, artifact keys and qualifiedNames, so kept to path-safe characters. */
  private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /** Atlan's connection qualifiedName: {@code default/<connector type>/<epoch seconds>}. */
  private static final Pattern ATLAN_CONNECTION_QN =
      Pattern.compile("default/[a-z0-9][a-z0-9-]*/[0-9]{1,19}");

  /**
   * Confluent Cloud ids (lkc-…, API key ids): Confluent may change their length and prefixes, but
   * promises no more than 255 characters.
   */
  private static final Pattern CLOUD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");

  private static final int MAX_LABEL = 255;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private static final Pattern RUNTIME_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** An IAM role's ARN in any AWS partition: {@code arn:aws:iam::<account>:role/<path/name>}. */
  private static final Pattern AWS_ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

  /** STS AssumeRole's RoleSessionName and ExternalId constraints. */
  private static final Pattern AWS_ROLE_SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private static final Pattern AWS_EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  /** Profile names as the AWS CLI writes them; quotes and spaces would break the JAAS line. */
  private static final Pattern AWS_PROFILE_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,128}");

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  /**
   * Client properties the request may not set: the structured fields own them, secrets must be
   * references, and producer/consumer settings have no business in a read-only crawler.
   */
  private static final Set<String> FORBIDDEN_CLIENT_PROPERTIES =
      Set.of(
          "bootstrap.servers",
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "ssl.keystore.location",
          "ssl.truststore.location",
          "ssl.keystore.certificate.chain",
          "ssl.keystore.key",
          "ssl.truststore.certificates",
          "group.id",
          "group.instance.id",
          "transactional.id",
          "enable.idempotence",
          "acks",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer");

  private static final ObjectMapper STRICT = strictMapper();

  private CrawlRequestParser() {}

  /** Parses and validates; throws {@link InvalidRequestException} naming every bad field. */
  public static CrawlRequest parse(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      throw new InvalidRequestException(
          List.of(new FieldProblem("request", "expected a JSON object, got nothing")));
    }
    if (!json.isObject()) {
      throw new InvalidRequestException(
          List.of(
              new FieldProblem("request", "expected a JSON object, got " + json.getNodeType())));
    }
    CrawlRequest request;
    try {
      request = STRICT.treeToValue(json, CrawlRequest.class);
    } catch (JsonMappingException e) {
      throw new InvalidRequestException(List.of(decodingProblem(e)));
    } catch (Exception e) {
      throw new InvalidRequestException(
          List.of(new FieldProblem("request", "expected valid JSON: " + e.getMessage())));
    }
    return validate(request);
  }

  /** Validates an already typed request (CLI, tests); returns it with defaults normalised. */
  public static CrawlRequest validate(CrawlRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    if (request.connectionId() == null || request.connectionId().isBlank()) {
      problems.add(new FieldProblem("connectionId", "required: a name for this connection"));
    } else if (!CONNECTION_ID.matcher(request.connectionId()).matches()) {
      problems.add(
          new FieldProblem(
              "connectionId",
              "expected 1-128 characters of letters, digits, '.', '_' or '-' starting with a"
                  + " letter or digit, got \""
                  + request.connectionId()
                  + "\""));
    }
    checkBootstrap(request.bootstrapServers(), problems);
    SecurityConfig security = request.security();
    if (security != null) {
      security = checkSecurity(security, problems);
    }
    checkRegexes("includeTopics", request.includeTopics(), problems);
    checkRegexes("excludeTopics", request.excludeTopics(), problems);
    if (request.outputLocation() != null && request.outputLocation().isBlank()) {
      problems.add(new FieldProblem("outputLocation", "expected a directory path or omit it"));
    }
    if (request.atlanConnectionQualifiedName() != null
        && !ATLAN_CONNECTION_QN.matcher(request.atlanConnectionQualifiedName()).matches()) {
      problems.add(
          new FieldProblem(
              "atlanConnectionQualifiedName",
              "expected an Atlan connection's qualifiedName, default/<connector>/<epoch seconds>"
                  + " such as default/confluent-kafka/1700000000, got \""
                  + request.atlanConnectionQualifiedName()
                  + "\""));
    }
    if (request.runtimeId() != null && !RUNTIME_ID.matcher(request.runtimeId()).matches()) {
      problems.add(
          new FieldProblem(
              "runtimeId",
              "expected 1-63 lower-case letters, digits or '-', got \""
                  + request.runtimeId()
                  + "\""));
    }
    for (String key : request.extraClientProperties().keySet()) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (FORBIDDEN_CLIENT_PROPERTIES.contains(lower)
          || lower.contains("password")
          || lower.contains("secret")) {
        problems.add(
            new FieldProblem(
                "clientProperties." + key,
                "not allowed here: set it through the structured fields (secrets only as"
                    + " references) — read-only crawls never take producer/consumer settings"));
      }
    }
    SchemaRegistryConfig registry = request.schemaRegistry();
    if (registry != null) {
      checkRegistry(registry, problems);
    }
    if (request.confluentCloud() != null) {
      checkConfluentCloud(request.confluentCloud(), problems);
    }
    if (request.changeReport() != null) {
      checkChangeReport(request.changeReport(), problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return security == request.security() ? request : request.withSecurity(security);
  }

  private static void checkBootstrap(String bootstrap, List<FieldProblem> problems) {
    String field = "bootstrapServers";
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add(new FieldProblem(field, "required: host:port[,host:port…], got nothing"));
      return;
    }
    for (String server : bootstrap.split(",", -1)) {
      String s = server.trim();
      String problem = hostPortProblem(s);
      if (problem != null) {
        problems.add(
            new FieldProblem(field, "expected host:port, got \"" + s + "\" (" + problem + ")"));
      }
    }
  }

  /** Returns null if {@code s} is host:port with a port in 1-65535, else why not. */
  static String hostPortProblem(String s) {
    if (s.isEmpty()) {
      return "empty entry";
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        return "IPv6 address must be written [addr]:port";
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
      if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+")) {
        return "invalid IPv6 address";
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        return "missing port";
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
      if (host.isEmpty()) {
        return "missing host";
      }
      if (!HOST.matcher(host).matches()) {
        return "invalid host name";
      }
    }
    if (!port.matches("[0-9]{1,5}")) {
      return "port must be a number";
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      return "port must be between 1 and 65535";
    }
    return null;
  }

  private static SecurityConfig checkSecurity(SecurityConfig s, List<FieldProblem> problems) {
    String protocol = s.protocol() == null ? "PLAINTEXT" : s.protocol().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      problems.add(
          new FieldProblem(
              "security.protocol",
              "expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, got \""
                  + s.protocol()
                  + "\""));
      return s;
    }
    String mechanism =
        s.saslMechanism() == null ? null : s.saslMechanism().toUpperCase(Locale.ROOT);
    String mechanisms = String.join(", ", SASL_MECHANISMS);
    boolean awsIam = SecurityConfig.AWS_MSK_IAM.equals(mechanism);
    if (protocol.startsWith("SASL_")) {
      if (mechanism == null) {
        problems.add(
            new FieldProblem(
                "security.saslMechanism", "required with " + protocol + ": one of " + mechanisms));
      } else if (!SASL_MECHANISMS.contains(mechanism)) {
        problems.add(
            new FieldProblem(
                "security.saslMechanism",
                "expected one of " + mechanisms + ", got \"" + s.saslMechanism() + "\""));
      }
      if (awsIam) {
        checkAwsIam(s, protocol, problems);
      } else if (SecurityConfig.OAUTHBEARER.equals(mechanism)) {
        checkOAuth("security.oauth", s.oauth(), problems);
        if (s.passwordRef() != null || s.username() != null || s.usernameRef() != null) {
          problems.add(
              new FieldProblem(
                  "security.passwordRef",
                  "not used with OAUTHBEARER: the token comes from security.oauth's client"
                      + " credentials"));
        }
      } else {
        checkUsernamePassword(s, problems);
      }
    } else {
      if (mechanism != null) {
        problems.add(
            new FieldProblem(
                "security.saslMechanism",
                "only valid with SASL_PLAINTEXT or SASL_SSL, protocol is " + protocol));
      }
      if (s.passwordRef() != null || s.username() != null || s.usernameRef() != null) {
        problems.add(
            new FieldProblem(
                "security.passwordRef",
                "username/password only apply with SASL_PLAINTEXT or SASL_SSL, protocol is "
                    + protocol));
      }
    }
    if (s.oauth() != null && !SecurityConfig.OAUTHBEARER.equals(mechanism)) {
      problems.add(new FieldProblem("security.oauth", "only valid with saslMechanism OAUTHBEARER"));
    }
    if (!awsIam) {
      for (String name : s.awsIamOptions().keySet()) {
        problems.add(
            new FieldProblem("security." + name, "only valid with saslMechanism AWS_MSK_IAM"));
      }
    }
    if (s.tls() != null) {
      if (!protocol.equals("SSL") && !protocol.equals("SASL_SSL")) {
        problems.add(
            new FieldProblem(
                "security.tls", "only valid with SSL or SASL_SSL, protocol is " + protocol));
      }
      checkTls("security.tls", s.tls(), true, problems);
    }
    return new SecurityConfig(
        protocol,
        mechanism,
        s.username(),
        s.usernameRef(),
        s.passwordRef(),
        s.awsProfileName(),
        s.awsRoleArn(),
        s.awsRoleSessionName(),
        s.awsRoleExternalId(),
        s.awsStsRegion(),
        s.tls(),
        s.oauth());
  }

  private static void checkUsernamePassword(SecurityConfig s, List<FieldProblem> problems) {
    boolean inline = s.username() != null && !s.username().isBlank();
    boolean ref = s.usernameRef() != null;
    if (inline == ref) {
      problems.add(
          new FieldProblem(
              "security.username",
              "expected exactly one of username (e.g. the API key) or usernameRef"));
    }
    if (ref) {
      addRefProblem("security.usernameRef", s.usernameRef(), problems);
    }
    addRefProblem("security.passwordRef", s.passwordRef(), problems);
  }

  private static void checkAwsIam(SecurityConfig s, String protocol, List<FieldProblem> problems) {
    if (!protocol.equals("SASL_SSL")) {
      problems.add(
          new FieldProblem(
              "security.protocol",
              "AWS_MSK_IAM needs SASL_SSL (MSK's IAM listeners only speak TLS), got " + protocol));
    }
    if (s.username() != null || s.usernameRef() != null || s.passwordRef() != null) {
      problems.add(
          new FieldProblem(
              "security.passwordRef",
              "not used with AWS_MSK_IAM: the worker's AWS credentials sign the login (the"
                  + " default chain, awsProfileName or awsRoleArn); remove username/password"));
    }
    if (s.awsProfileName() != null && s.awsRoleArn() != null) {
      problems.add(
          new FieldProblem(
              "security.awsRoleArn",
              "give awsProfileName or awsRoleArn, not both (a profile can assume a role itself:"
                  + " role_arn with source_profile or credential_source)"));
    }
    addPatternProblem(
        "security.awsProfileName",
        s.awsProfileName(),
        AWS_PROFILE_NAME,
        "a profile name of the shared AWS config (letters, digits, +=,.@_-)",
        problems);
    addPatternProblem(
        "security.awsRoleArn",
        s.awsRoleArn(),
        AWS_ROLE_ARN,
        "an IAM role ARN such as arn:aws:iam::123456789012:role/kcrawler-msk-read",
        problems);
    addPatternProblem(
        "security.awsRoleSessionName",
        s.awsRoleSessionName(),
        AWS_ROLE_SESSION_NAME,
        "2-64 letters, digits or +=,.@_-",
        problems);
    addPatternProblem(
        "security.awsRoleExternalId",
        s.awsRoleExternalId(),
        AWS_EXTERNAL_ID,
        "2-1224 letters, digits or +=,.@:/_-",
        problems);
    addPatternProblem(
        "security.awsStsRegion",
        s.awsStsRegion(),
        AWS_REGION,
        "an AWS region such as eu-west-1",
        problems);
    if (s.awsRoleArn() == null) {
      for (String name : List.of("awsRoleSessionName", "awsRoleExternalId", "awsStsRegion")) {
        if (s.awsIamOptions().containsKey(name)) {
          problems.add(
              new FieldProblem(
                  "security." + name, "only valid with awsRoleArn (a role to assume)"));
        }
      }
    }
  }

  private static void addPatternProblem(
      String field, String value, Pattern pattern, String expected, List<FieldProblem> problems) {
    if (value != null && !pattern.matcher(value).matches()) {
      problems.add(new FieldProblem(field, "expected " + expected + ", got \"" + value + "\""));
    }
  }

  /**
   * {@code kafka}: the Kafka client reads truststores and keystores from its own disk, so those
   * must be {@code file:} references; the registry client also takes them base64 from a secret
   * store.
   */
  private static void checkTls(
      String field, TlsConfig tls, boolean kafka, List<FieldProblem> problems) {
    if (tls.caCertificateRef() != null) {
      addRefProblem(field + ".caCertificateRef", tls.caCertificateRef(), problems);
    }
    if (tls.truststoreRef() != null) {
      addStoreRefProblem(field + ".truststoreRef", tls.truststoreRef(), kafka, problems);
      if (tls.caCertificateRef() != null) {
        problems.add(
            new FieldProblem(
                field + ".truststoreRef",
                "give either caCertificateRef or truststoreRef, not both"));
      }
    }
    if (tls.truststorePasswordRef() != null) {
      addRefProblem(field + ".truststorePasswordRef", tls.truststorePasswordRef(), problems);
      if (tls.truststoreRef() == null) {
        problems.add(
            new FieldProblem(field + ".truststorePasswordRef", "only valid with truststoreRef"));
      }
    }
    if ((tls.clientCertificateRef() == null) != (tls.clientKeyRef() == null)) {
      problems.add(
          new FieldProblem(
              field + ".clientKeyRef",
              "mutual TLS needs both clientCertificateRef and clientKeyRef"));
    }
    if (tls.clientCertificateRef() != null) {
      addRefProblem(field + ".clientCertificateRef", tls.clientCertificateRef(), problems);
    }
    if (tls.clientKeyRef() != null) {
      addRefProblem(field + ".clientKeyRef", tls.clientKeyRef(), problems);
    }
    if (tls.keystoreRef() != null) {
      addStoreRefProblem(field + ".keystoreRef", tls.keystoreRef(), kafka, problems);
      if (tls.clientCertificateRef() != null || tls.clientKeyRef() != null) {
        problems.add(
            new FieldProblem(
                field + ".keystoreRef",
                "give either clientCertificateRef + clientKeyRef (PEM) or keystoreRef (PKCS12),"
                    + " not both"));
      }
      if (tls.keystorePasswordRef() == null) {
        problems.add(
            new FieldProblem(
                field + ".keystorePasswordRef",
                "required with keystoreRef: a reference to the PKCS12 keystore's password"));
      }
    }
    addKeystorePasswordProblem(
        field + ".keystorePasswordRef", tls.keystorePasswordRef(), tls, problems);
    addKeystorePasswordProblem(field + ".keyPasswordRef", tls.keyPasswordRef(), tls, problems);
  }

  private static void addKeystorePasswordProblem(
      String field, String ref, TlsConfig tls, List<FieldProblem> problems) {
    if (ref != null) {
      addRefProblem(field, ref, problems);
      if (tls.keystoreRef() == null) {
        problems.add(new FieldProblem(field, "only valid with keystoreRef"));
      }
    }
  }

  private static void addStoreRefProblem(
      String field, String ref, boolean kafka, List<FieldProblem> problems) {
    addRefProblem(field, ref, problems);
    if (kafka && SecretRefs.problem(ref) == null && !ref.startsWith("file:")) {
      problems.add(
          new FieldProblem(
              field,
              "expected a file: reference: the Kafka client reads a PKCS12 store from the"
                  + " worker's disk (for material in a secret store use the PEM fields)"));
    }
  }

  private static void checkRegexes(
      String field, List<String> regexes, List<FieldProblem> problems) {
    if (regexes == null) {
      return;
    }
    for (int i = 0; i < regexes.size(); i++) {
      String regex = regexes.get(i);
      String at = field + "[" + i + "]";
      if (regex == null || regex.isEmpty()) {
        problems.add(new FieldProblem(at, "expected a non-empty regular expression"));
        continue;
      }
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problems.add(
            new FieldProblem(
                at,
                "expected a valid Java regular expression, got \""
                    + regex
                    + "\": "
                    + e.getDescription()
                    + " near index "
                    + e.getIndex()));
      }
    }
  }

  private static void checkRegistry(SchemaRegistryConfig r, List<FieldProblem> problems) {
    String url = r.url();
    if (url == null || url.isBlank()) {
      problems.add(
          new FieldProblem("schemaRegistry.url", "required: http(s)://host[:port][/path]"));
    } else {
      try {
        java.net.URI uri = new java.net.URI(url);
        if (uri.getScheme() == null
            || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
          problems.add(
              new FieldProblem(
                  "schemaRegistry.url",
                  "expected an http:// or https:// URL, got \"" + url + "\""));
        }
      } catch (java.net.URISyntaxException e) {
        problems.add(
            new FieldProblem(
                "schemaRegistry.url", "expected a URL, got \"" + url + "\": " + e.getReason()));
      }
    }
    String auth = r.authTypeOrDefault().toUpperCase(Locale.ROOT);
    if (!REGISTRY_AUTH_TYPES.contains(auth)) {
      problems.add(
          new FieldProblem(
              "schemaRegistry.authType",
              "expected one of NONE, BASIC, BEARER, OAUTH, got \"" + r.authType() + "\""));
    } else if (auth.equals("BASIC")) {
      if (r.username() == null || r.username().isBlank()) {
        problems.add(
            new FieldProblem("schemaRegistry.username", "required with BASIC auth (the API key)"));
      }
      addRefProblem("schemaRegistry.passwordRef", r.passwordRef(), problems);
    } else if (auth.equals("BEARER")) {
      addRefProblem("schemaRegistry.tokenRef", r.tokenRef(), problems);
    } else if (auth.equals("OAUTH")) {
      checkOAuth("schemaRegistry.oauth", r.oauth(), problems);
    }
    checkStrategy("schemaRegistry.subjectNameStrategy", r.subjectNameStrategy(), problems);
    checkStrategy("schemaRegistry.keySubjectNameStrategy", r.keySubjectNameStrategy(), problems);
    checkStrategy(
        "schemaRegistry.valueSubjectNameStrategy", r.valueSubjectNameStrategy(), problems);
    if (r.tls() != null) {
      checkTls("schemaRegistry.tls", r.tls(), false, problems);
    }
  }

  private static void checkOAuth(String field, OAuthConfig o, List<FieldProblem> problems) {
    if (o == null) {
      problems.add(
          new FieldProblem(
              field, "required with OAUTH: tokenEndpointUrl, clientId, clientSecretRef"));
      return;
    }
    String url = o.tokenEndpointUrl();
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      problems.add(
          new FieldProblem(
              field + ".tokenEndpointUrl",
              "expected the identity provider's token endpoint, an http(s):// URL, got \""
                  + url
                  + "\""));
    }
    if (o.clientId() == null || o.clientId().isBlank()) {
      problems.add(new FieldProblem(field + ".clientId", "required: the OAuth client id"));
    }
    addRefProblem(field + ".clientSecretRef", o.clientSecretRef(), problems);
  }

  private static void checkChangeReport(ChangeReportConfig c, List<FieldProblem> problems) {
    Double factor = c.lagGrowthFactor();
    if (factor != null
        && (factor.isNaN() || factor <= 1.0 || factor > ChangeReportConfig.MAX_LAG_GROWTH_FACTOR)) {
      problems.add(
          new FieldProblem(
              "changeReport.lagGrowthFactor",
              "expected a number above 1 and at most "
                  + (long) ChangeReportConfig.MAX_LAG_GROWTH_FACTOR
                  + " (lag now ÷ lag at the previous crawl), got "
                  + factor));
    }
    Integer idle = c.idleCrawls();
    if (idle != null && (idle < 2 || idle > ChangeReportConfig.MAX_IDLE_CRAWLS)) {
      problems.add(
          new FieldProblem(
              "changeReport.idleCrawls",
              "expected a whole number from 2 to "
                  + ChangeReportConfig.MAX_IDLE_CRAWLS
                  + " (crawls without a commit), got "
                  + idle));
    }
  }

  private static void checkConfluentCloud(ConfluentCloudConfig c, List<FieldProblem> problems) {
    String field = "confluentCloud.";
    if (c.clusterId() == null || c.clusterId().isBlank()) {
      problems.add(
          new FieldProblem(
              field + "clusterId", "required: the Confluent Cloud cluster's id, e.g. lkc-abc123"));
    } else if (!CLOUD_ID.matcher(c.clusterId()).matches()) {
      problems.add(
          new FieldProblem(
              field + "clusterId",
              "expected a Confluent Cloud cluster id such as lkc-abc123 (letters, digits, '-',"
                  + " '_'), got \""
                  + c.clusterId()
                  + "\""));
    }
    boolean inline = c.apiKey() != null;
    boolean ref = c.apiKeyRef() != null;
    if (inline == ref) {
      problems.add(
          new FieldProblem(
              field + "apiKey",
              "expected exactly one of apiKey (the Cloud API key's id) or apiKeyRef"));
    } else if (inline && !CLOUD_ID.matcher(c.apiKey()).matches()) {
      problems.add(
          new FieldProblem(
              field + "apiKey",
              "expected a Cloud API key id (letters and digits); its secret goes in apiSecretRef"));
    }
    if (ref) {
      addRefProblem(field + "apiKeyRef", c.apiKeyRef(), problems);
    }
    addRefProblem(field + "apiSecretRef", c.apiSecretRef(), problems);
    if (c.metricsUrl() != null) {
      String problem = metricsUrlProblem(c.metricsUrl());
      if (problem != null) {
        problems.add(new FieldProblem(field + "metricsUrl", problem));
      }
    }
    if (c.environment() != null
        && (c.environment().isBlank() || c.environment().length() > MAX_LABEL)) {
      problems.add(
          new FieldProblem(
              field + "environment",
              "expected a label of 1-" + MAX_LABEL + " characters, e.g. env-abc123 or production"));
    }
  }

  /**
   * The Metrics API takes the API secret in a Basic header, so only HTTPS is accepted (Confluent's
   * own server refuses plain HTTP); plain HTTP only to a loopback address, for local stand-ins.
   */
  private static String metricsUrlProblem(String url) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      return "expected a URL such as "
          + ConfluentCloudConfig.DEFAULT_METRICS_URL
          + ", got \""
          + url
          + "\": "
          + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return "expected an https:// URL such as "
          + ConfluentCloudConfig.DEFAULT_METRICS_URL
          + ", got \""
          + url
          + "\"";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "expected the API's root URL without query or fragment, got \"" + url + "\"";
    }
    if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      return "expected https:// (the API secret travels in the Authorization header); plain"
          + " http:// only to a loopback address, got \""
          + url
          + "\"";
    }
    return null;
  }

  private static void checkStrategy(String field, String value, List<FieldProblem> problems) {
    if (value != null && !SUBJECT_STRATEGIES.contains(value)) {
      problems.add(
          new FieldProblem(
              field,
              "expected one of TopicNameStrategy, TopicRecordNameStrategy, RecordNameStrategy, got \""
                  + value
                  + "\""));
    }
  }

  private static void addRefProblem(String field, String ref, List<FieldProblem> problems) {
    String problem = SecretRefs.problem(ref);
    if (problem != null) {
      problems.add(new FieldProblem(field, problem));
    }
  }

  private static FieldProblem decodingProblem(JsonMappingException e) {
    String path = path(e.getPath());
    if (e instanceof UnrecognizedPropertyException u) {
      String suggestion = closest(u.getPropertyName(), u.getKnownPropertyIds());
      return new FieldProblem(
          path,
          "unknown field"
              + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
              + "; known fields here: "
              + String.join(
                  ", ", u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return new FieldProblem(path, "expected " + describe(m.getTargetType()));
    }
    return new FieldProblem(
        path.isEmpty() ? "request" : path, "could not be read: " + e.getOriginalMessage());
  }

  private static String describe(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a value of type " + type.getSimpleName();
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String closest(String name, Collection<Object> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Object k : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), String.valueOf(k).toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = String.valueOf(k);
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    // A number where a string is expected ("bootstrapServers": 9092) is a typo, not a value.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }
}
