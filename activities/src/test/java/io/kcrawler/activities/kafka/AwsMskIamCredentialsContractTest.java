package io.kcrawler.activities.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SecurityConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.msk.auth.iam.internals.AWSCredentialsCallback;

/**
 * Where AWS_MSK_IAM's signing credentials come from, asked the way the Kafka client asks: the
 * settings {@link KafkaClientProperties} builds are parsed by Kafka's own config and JAAS code, the
 * callback handler class they name is loaded and handed an {@link AWSCredentialsCallback}, as
 * aws-msk-iam-auth's SASL client does before it signs a login. No MSK broker is involved; the role
 * case runs AWS STS's documented {@code AssumeRole} (Query protocol, XML answer) on a local server.
 */
class AwsMskIamCredentialsContractTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/kcrawler-msk-read";

  /** The AWS SDK settings these tests point at local files and servers, restored after each. */
  private static final List<String> AWS_PROPERTIES =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.sessionToken",
          "aws.sharedCredentialsFile",
          "aws.configFile",
          "aws.endpointUrlSts",
          "aws.disableEc2Metadata");

  @TempDir Path dir;
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void isolateFromThisMachinesAwsSetup() throws Exception {
    for (String key : AWS_PROPERTIES) {
      saved.put(key, System.getProperty(key));
      System.clearProperty(key);
    }
    // Credentials in this process's environment would come first in the default chain.
    assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "AWS credentials in the environment");
    assumeTrue(System.getenv("AWS_PROFILE") == null, "an AWS profile in the environment");
    System.setProperty("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    System.setProperty(
        "aws.sharedCredentialsFile", Files.writeString(dir.resolve("credentials"), "").toString());
    // The chain's last resort is the EC2 metadata service; nothing of it exists here.
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  /** What the Kafka client's SASL login asks the configured callback handler for. */
  private static AWSCredentialsCallback credentialsFor(SecurityConfig security) throws Exception {
    Properties props =
        KafkaClientProperties.forRequest(
            CrawlRequest.of("msk", "b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098")
                .withSecurity(security),
            new EnvFileSecretResolver(Map.of()));
    Map<String, ?> parsed = new AdminClientConfig(props).values();
    List<AppConfigurationEntry> jaas = JaasContext.loadClientContext(parsed).configurationEntries();
    assertThat(jaas)
        .singleElement()
        .satisfies(e -> Class.forName(e.getLoginModuleName()).getDeclaredConstructor());
    AuthenticateCallbackHandler handler =
        (AuthenticateCallbackHandler)
            Class.forName(props.getProperty(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS))
                .getDeclaredConstructor()
                .newInstance();
    try {
      handler.configure(parsed, props.getProperty(SaslConfigs.SASL_MECHANISM), jaas);
      AWSCredentialsCallback callback = new AWSCredentialsCallback();
      handler.handle(new Callback[] {callback});
      return callback;
    } finally {
      handler.close();
    }
  }

  @Test
  void givenTheDefaultChain_whenTheLoginAsksForCredentials_thenTheChainsCredentialsSign()
      throws Exception {
    System.setProperty("aws.accessKeyId", "AKIAKCRAWLERCHAIN01");
    System.setProperty("aws.secretAccessKey", "chain-secret-never-logged");

    AWSCredentialsCallback callback = credentialsFor(SecurityConfig.awsMskIam(null, null));

    assertThat(callback.isSuccessful()).as(String.valueOf(callback.getLoadingException())).isTrue();
    assertThat(callback.getAwsCredentials().accessKeyId()).isEqualTo("AKIAKCRAWLERCHAIN01");
  }

  @Test
  void givenAProfile_whenTheLoginAsksForCredentials_thenThatProfilesCredentialsSign()
      throws Exception {
    Files.writeString(
        Path.of(System.getProperty("aws.sharedCredentialsFile")),
        """
        [default]
        aws_access_key_id = AKIADEFAULTPROFILE01
        aws_secret_access_key = default-secret

        [msk_client]
        aws_access_key_id = AKIAMSKCLIENTPROF01
        aws_secret_access_key = profile-secret
        """);

    AWSCredentialsCallback callback = credentialsFor(SecurityConfig.awsMskIam("msk_client", null));

    assertThat(callback.isSuccessful()).as(String.valueOf(callback.getLoadingException())).isTrue();
    assertThat(callback.getAwsCredentials().accessKeyId()).isEqualTo("AKIAMSKCLIENTPROF01");
  }

  @Test
  void givenAProfileThatDoesNotExist_whenTheLoginAsksForCredentials_thenItFailsWithoutFallback()
      throws Exception {
    // The default chain has credentials: without awsAddDefaultProviders=false they would sign.
    System.setProperty("aws.accessKeyId", "AKIAKCRAWLERCHAIN01");
    System.setProperty("aws.secretAccessKey", "chain-secret-never-logged");

    AWSCredentialsCallback callback = credentialsFor(SecurityConfig.awsMskIam("missing", null));

    assertThat(callback.isSuccessful()).isFalse();
    assertThat(callback.getLoadingException()).hasMessageContaining("missing");
  }

  @Test
  void givenARoleToAssume_whenTheLoginAsksForCredentials_thenStsAssumesItAndItsKeysSign()
      throws Exception {
    System.setProperty("aws.accessKeyId", "AKIAKCRAWLERSOURCE1");
    System.setProperty("aws.secretAccessKey", "source-secret-never-logged");
    try (ContractServer sts = ContractServer.http(AwsMskIamCredentialsContractTest::assumeRole)) {
      System.setProperty("aws.endpointUrlSts", sts.url());

      AWSCredentialsCallback callback =
          credentialsFor(
              SecurityConfig.awsMskIam(null, ROLE).withRoleOptions("kcrawler", "atlan-7f3a", null));

      assertThat(callback.isSuccessful())
          .as(String.valueOf(callback.getLoadingException()))
          .isTrue();
      assertThat(callback.getAwsCredentials().accessKeyId()).isEqualTo("ASIAKCRAWLERROLE0001");
      Request call = sts.requests().get(0);
      Map<String, String> form = form(call.body());
      assertThat(form)
          .containsEntry("Action", "AssumeRole")
          .containsEntry("RoleArn", ROLE)
          .containsEntry("RoleSessionName", "kcrawler")
          .containsEntry("ExternalId", "atlan-7f3a");
      assertThat(call.header("Authorization")).contains("Credential=AKIAKCRAWLERSOURCE1/");
    }
  }

  /** STS AssumeRole: form-encoded Query request, XML result (AWS STS API reference). */
  private static Response assumeRole(Request r) {
    if (!"AssumeRole".equals(form(r.body()).get("Action"))) {
      return new Response(400, "<ErrorResponse/>", Map.of("Content-Type", "text/xml"));
    }
    return new Response(
        200,
        """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/kcrawler-msk-read/kcrawler</Arn>
              <AssumedRoleId>AROAKCRAWLERROLEID01:kcrawler</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIAKCRAWLERROLE0001</AccessKeyId>
              <SecretAccessKey>role-secret-never-logged</SecretAccessKey>
              <SessionToken>role-session-token</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """,
        Map.of("Content-Type", "text/xml"));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
