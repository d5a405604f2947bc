package io.kcrawler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The request parser on its own (the workflow records its outcome once, see the workflow's
 * validate-once marker): each bad field is named with what was expected; a good request parses with
 * every field kept.
 */
class CrawlRequestParserTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing connectionId | {'bootstrapServers':'b:9092'} | connectionId",
        "bad connectionId | {'connectionId':'a b','bootstrapServers':'b:9092'} | connectionId",
        "no port | {'connectionId':'c','bootstrapServers':'broker'} | bootstrapServers",
        "misspelled field | {'connectionId':'c','bootstrapServer':'b:9092'} | bootstrapServer",
        "unknown protocol | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'TLS'}} | security.protocol",
        "bad regex | {'connectionId':'c','bootstrapServers':'b:9092','includeTopics':['(']} | includeTopics",
        "producer setting | {'connectionId':'c','bootstrapServers':'b:9092','clientProperties':{'acks':'all'}} | clientProperties.acks",
        "bad Atlan connection | {'connectionId':'c','bootstrapServers':'b:9092','atlanConnectionQualifiedName':'confluent-kafka'} | atlanConnectionQualifiedName",
        "fullPublish not a boolean | {'connectionId':'c','bootstrapServers':'b:9092','fullPublish':'yes'} | fullPublish",
        "OAUTHBEARER without its block | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SASL_SSL','saslMechanism':'OAUTHBEARER'}} | security.oauth",
        "OAUTHBEARER with a password | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SASL_SSL','saslMechanism':'OAUTHBEARER','passwordRef':'env:P','oauth':{'tokenEndpointUrl':'https://idp/token','clientId':'c','clientSecretRef':'env:S'}}} | security.passwordRef",
        "oauth block without OAUTHBEARER | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SASL_SSL','saslMechanism':'PLAIN','username':'u','passwordRef':'env:P','oauth':{'tokenEndpointUrl':'https://idp/token','clientId':'c','clientSecretRef':'env:S'}}} | security.oauth",
        "OAUTH without its block | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','authType':'OAUTH'}} | schemaRegistry.oauth",
        "OAUTH with an inline secret | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','authType':'OAUTH','oauth':{'tokenEndpointUrl':'https://idp/token','clientId':'c','clientSecretRef':'hunter2'}}} | schemaRegistry.oauth.clientSecretRef",
        "OAUTH without a token endpoint | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','authType':'OAUTH','oauth':{'clientId':'c','clientSecretRef':'env:S'}}} | schemaRegistry.oauth.tokenEndpointUrl",
        "unknown key strategy | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','keySubjectNameStrategy':'TopicName'}} | schemaRegistry.keySubjectNameStrategy",
        "unknown value strategy | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','valueSubjectNameStrategy':'Record'}} | schemaRegistry.valueSubjectNameStrategy",
        "PEM and keystore at once | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'clientCertificateRef':'file:/c.pem','clientKeyRef':'file:/k.pem','keystoreRef':'file:/c.p12','keystorePasswordRef':'env:KS'}}} | security.tls.keystoreRef",
        "keystore without password | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'keystoreRef':'file:/c.p12'}}} | security.tls.keystorePasswordRef",
        "keystore password, no keystore | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'keystorePasswordRef':'env:KS'}}} | security.tls.keystorePasswordRef",
        "key password, no keystore | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'keyPasswordRef':'env:K'}}} | security.tls.keyPasswordRef",
        "inline keystore password | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'keystoreRef':'file:/c.p12','keystorePasswordRef':'hunter2'}}} | security.tls.keystorePasswordRef",
        "Kafka keystore from a vault | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'keystoreRef':'vault:kv/c#p12','keystorePasswordRef':'env:KS'}}} | security.tls.keystoreRef",
        "Kafka truststore from a vault | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'truststoreRef':'vault:kv/c#p12'}}} | security.tls.truststoreRef",
        "truststore password, no truststore | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'truststorePasswordRef':'env:TS'}}} | security.tls.truststorePasswordRef",
        "registry keystore without password | {'connectionId':'c','bootstrapServers':'b:9092','schemaRegistry':{'url':'https://sr','tls':{'keystoreRef':'vault:kv/c#p12'}}} | schemaRegistry.tls.keystorePasswordRef",
        "verifyHostname not a boolean | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','tls':{'verifyHostname':'no'}}} | security.tls.verifyHostname",
        "IAM over plaintext | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_PLAINTEXT','saslMechanism':'AWS_MSK_IAM'}} | security.protocol",
        "IAM with a password | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','username':'u','passwordRef':'env:P'}} | security.passwordRef",
        "IAM profile and role | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsProfileName':'msk','awsRoleArn':'arn:aws:iam::123456789012:role/r'}} | security.awsRoleArn",
        "not a role ARN | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsRoleArn':'arn:aws:iam::123456789012:user/bob'}} | security.awsRoleArn",
        "bad session name | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsRoleArn':'arn:aws:iam::123456789012:role/r','awsRoleSessionName':'has space'}} | security.awsRoleSessionName",
        "session name without role | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsRoleSessionName':'kcrawler'}} | security.awsRoleSessionName",
        "external id without role | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsRoleExternalId':'x-123'}} | security.awsRoleExternalId",
        "bad STS region | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsRoleArn':'arn:aws:iam::123456789012:role/r','awsStsRegion':'Frankfurt'}} | security.awsStsRegion",
        "profile with a space | {'connectionId':'c','bootstrapServers':'b:9098','security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM','awsProfileName':'my profile'}} | security.awsProfileName",
        "AWS role with SCRAM | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SASL_SSL','saslMechanism':'SCRAM-SHA-512','username':'u','passwordRef':'env:P','awsRoleArn':'arn:aws:iam::123456789012:role/r'}} | security.awsRoleArn",
        "AWS profile with SSL | {'connectionId':'c','bootstrapServers':'b:9092','security':{'protocol':'SSL','awsProfileName':'msk'}} | security.awsProfileName",
        "cloud without cluster | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'apiKey':'K','apiSecretRef':'env:S'}} | confluentCloud.clusterId",
        "cloud cluster id with a space | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc 1','apiKey':'K','apiSecretRef':'env:S'}} | confluentCloud.clusterId",
        "cloud without key | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiSecretRef':'env:S'}} | confluentCloud.apiKey",
        "cloud with key and key ref | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiKeyRef':'env:K','apiSecretRef':'env:S'}} | confluentCloud.apiKey",
        "cloud key ref not a reference | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKeyRef':'KEY','apiSecretRef':'env:S'}} | confluentCloud.apiKeyRef",
        "cloud secret inline | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiSecret':'s3cr3t'}} | confluentCloud.apiSecret",
        "cloud secret ref not a reference | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiSecretRef':'s3cr3t'}} | confluentCloud.apiSecretRef",
        "cloud metrics over plain http | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiSecretRef':'env:S','metricsUrl':'http://api.telemetry.confluent.cloud'}} | confluentCloud.metricsUrl",
        "cloud metrics URL not a URL | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiSecretRef':'env:S','metricsUrl':'telemetry'}} | confluentCloud.metricsUrl",
        "cloud blank environment | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':{'clusterId':'lkc-1','apiKey':'K','apiSecretRef':'env:S','environment':' '}} | confluentCloud.environment",
        "cloud block not an object | {'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':'lkc-1'} | confluentCloud",
        "lag factor of 1 | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'lagGrowthFactor':1.0}} | changeReport.lagGrowthFactor",
        "lag factor too large | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'lagGrowthFactor':5000}} | changeReport.lagGrowthFactor",
        "lag factor as text | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'lagGrowthFactor':'2x'}} | changeReport.lagGrowthFactor",
        "idle crawls of 1 | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'idleCrawls':1}} | changeReport.idleCrawls",
        "idle crawls beyond the lag history | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'idleCrawls':31}} | changeReport.idleCrawls",
        "change report unknown field | {'connectionId':'c','bootstrapServers':'b:9092','changeReport':{'lagFactor':2}} | changeReport.lagFactor",
      })
  void givenABadField_whenParsed_thenTheProblemNamesIt(String why, String request, String field) {
    assertThatThrownBy(() -> CrawlRequestParser.parse(json(request)))
        .as(why)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problems())
                    .extracting(FieldProblem::field)
                    .anyMatch(f -> f.equals(field) || f.startsWith(field)));
  }

  @Test
  void givenAMisspelledField_whenParsed_thenTheProblemSuggestsTheRightName() {
    assertThatThrownBy(
            () -> CrawlRequestParser.parse(json("{'connectionId':'c','bootstrapServer':'b:9092'}")))
        .hasMessageContaining("did you mean 'bootstrapServers'");
  }

  @Test
  void givenAnInlineCloudApiSecret_whenParsed_thenOnlyAReferenceIsSuggested() {
    assertThatThrownBy(
            () ->
                CrawlRequestParser.parse(
                    json(
                        "{'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':"
                            + "{'clusterId':'lkc-1','apiKey':'K','apiSecret':'s3cr3t'}}")))
        .hasMessageContaining("did you mean 'apiSecretRef'")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void givenAChangeReportBlock_whenParsed_thenItsThresholdsAreKeptAndMissingOnesDefault() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'c','bootstrapServers':'b:9092',"
                    + "'changeReport':{'lagGrowthFactor':3.5,'idleCrawls':2}}"));
    CrawlRequest plain =
        CrawlRequestParser.parse(json("{'connectionId':'c','bootstrapServers':'b:9092'}"));

    assertThat(r.changeReportOrDefault().lagGrowthFactorOrDefault()).isEqualTo(3.5);
    assertThat(r.changeReportOrDefault().idleCrawlsOrDefault()).isEqualTo(2);
    assertThat(plain.changeReportOrDefault().lagGrowthFactorOrDefault()).isEqualTo(2.0);
    assertThat(plain.changeReportOrDefault().idleCrawlsOrDefault()).isEqualTo(3);
  }

  @Test
  void givenAConfluentCloudBlock_whenParsed_thenItIsKeptWithTheDefaultMetricsUrl() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'c','bootstrapServers':'pkc-1.confluent.cloud:9092',"
                    + "'confluentCloud':{'clusterId':'lkc-abc123','apiKeyRef':'env:CC_KEY',"
                    + "'apiSecretRef':'vault:secret/cc#secret','environment':'env-xyz'}}"));

    ConfluentCloudConfig cloud = r.confluentCloud();
    assertThat(cloud.clusterId()).isEqualTo("lkc-abc123");
    assertThat(cloud.apiKeyRef()).isEqualTo("env:CC_KEY");
    assertThat(cloud.apiSecretRef()).isEqualTo("vault:secret/cc#secret");
    assertThat(cloud.environment()).isEqualTo("env-xyz");
    assertThat(cloud.metricsUrlOrDefault()).isEqualTo("https://api.telemetry.confluent.cloud");
    assertThat(cloud.keyName()).isEqualTo("key from env:CC_KEY");
  }

  @Test
  void givenAPlainHttpMetricsUrlOnLoopback_whenParsed_thenItIsAcceptedForLocalStandIns() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'c','bootstrapServers':'b:9092','confluentCloud':"
                    + "{'clusterId':'lkc-1','apiKey':'ABC','apiSecretRef':'env:S',"
                    + "'metricsUrl':'http://127.0.0.1:8080'}}"));

    assertThat(r.confluentCloud().metricsUrlOrDefault()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void givenAFullRequest_whenParsed_thenEveryFieldIsKept() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'prod','connectionName':'Prod','bootstrapServers':'b1:9092,b2:9092',"
                    + "'security':{'protocol':'SASL_SSL','saslMechanism':'PLAIN','username':'key',"
                    + "'passwordRef':'env:SECRET'},'includeTopics':['orders.*'],"
                    + "'excludeTopics':['.*-dlt'],'schemaRegistry':{'url':'https://sr:443'},"
                    + "'atlanConnectionQualifiedName':'default/confluent-kafka/1700000000',"
                    + "'fullPublish':true}"));

    assertThat(r.connectionId()).isEqualTo("prod");
    assertThat(r.displayName()).isEqualTo("Prod");
    assertThat(r.securityOrDefault().protocolOrDefault()).isEqualTo("SASL_SSL");
    assertThat(r.includes()).isEqualTo(List.of("orders.*"));
    assertThat(r.excludes()).isEqualTo(List.of(".*-dlt"));
    assertThat(r.schemaRegistry().url()).isEqualTo("https://sr:443");
    assertThat(r.atlanConnectionQualifiedName()).isEqualTo("default/confluent-kafka/1700000000");
    assertThat(r.fullPublishRequested()).isTrue();
  }

  @Test
  void givenMutualTlsWithAKeystore_whenParsed_thenEveryTlsFieldIsKept() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'c','bootstrapServers':'b:9093','security':{'protocol':'ssl',"
                    + "'tls':{'truststoreRef':'file:/etc/kafka/truststore.p12',"
                    + "'truststorePasswordRef':'env:TS_PW','keystoreRef':'file:/etc/kafka/client.p12',"
                    + "'keystorePasswordRef':'vault:kv/kafka#ks','keyPasswordRef':'env:KEY_PW',"
                    + "'verifyHostname':false}}}"));

    SecurityConfig security = r.securityOrDefault();
    assertThat(security.protocol()).as("normalised").isEqualTo("SSL");
    assertThat(security.tls())
        .isEqualTo(
            TlsConfig.truststore("file:/etc/kafka/truststore.p12", "env:TS_PW")
                .withKeystore("file:/etc/kafka/client.p12", "vault:kv/kafka#ks", "env:KEY_PW")
                .withVerifyHostname(false));
    assertThat(security.tls().presentsClientCertificate()).isTrue();
  }

  @Test
  void givenMutualTlsWithPem_whenParsed_thenTheCertificateAndKeyReferencesAreKept() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'c','bootstrapServers':'b:9093','security':{'protocol':'SSL',"
                    + "'tls':{'caCertificateRef':'file:/ca.pem','clientCertificateRef':'file:/c.pem',"
                    + "'clientKeyRef':'vault:kv/kafka#key'}}}"));

    assertThat(r.securityOrDefault().tls())
        .isEqualTo(
            TlsConfig.caCertificate("file:/ca.pem")
                .withClientCertificate("file:/c.pem", "vault:kv/kafka#key"));
  }

  @Test
  void givenAwsMskIamWithARoleToAssume_whenParsed_thenTheLibraryOptionsAreKept() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'msk','bootstrapServers':"
                    + "'b-1.prod.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',"
                    + "'security':{'protocol':'SASL_SSL','saslMechanism':'aws_msk_iam',"
                    + "'awsRoleArn':'arn:aws:iam::123456789012:role/kcrawler-msk-read',"
                    + "'awsRoleSessionName':'kcrawler','awsRoleExternalId':'atlan-7f3a',"
                    + "'awsStsRegion':'eu-west-1'}}"));

    SecurityConfig security = r.securityOrDefault();
    assertThat(security)
        .isEqualTo(
            SecurityConfig.awsMskIam(null, "arn:aws:iam::123456789012:role/kcrawler-msk-read")
                .withRoleOptions("kcrawler", "atlan-7f3a", "eu-west-1"));
    assertThat(security.usesAwsIam()).isTrue();
  }

  @Test
  void givenAwsMskIamWithTheDefaultChain_whenParsed_thenNoCredentialFieldIsNeeded() {
    CrawlRequest r =
        CrawlRequestParser.parse(
            json(
                "{'connectionId':'msk','bootstrapServers':'b-1.x.kafka.us-east-1.amazonaws.com:9098',"
                    + "'security':{'protocol':'SASL_SSL','saslMechanism':'AWS_MSK_IAM'}}"));

    assertThat(r.securityOrDefault()).isEqualTo(SecurityConfig.awsMskIam(null, null));
  }

  @Test
  void givenAnUnknownMechanism_whenParsed_thenTheProblemListsAwsMskIam() {
    assertThatThrownBy(
            () ->
                CrawlRequestParser.parse(
                    json(
                        "{'connectionId':'c','bootstrapServers':'b:9092','security':"
                            + "{'protocol':'SASL_SSL','saslMechanism':'GSSAPI','username':'u',"
                            + "'passwordRef':'env:P'}}")))
        .hasMessageContaining("PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM");
  }
}
