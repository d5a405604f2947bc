package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the crawler authenticates to the cluster. {@code protocol} is Kafka's {@code
 * security.protocol}; {@code saslMechanism} is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. The password
 * (Confluent Cloud: the API secret) is always a reference resolved on the worker that runs the
 * activity; the username (API key) may be given inline or as a reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityConfig(
    String protocol,
    String saslMechanism,
    String username,
    String usernameRef,
    String passwordRef,
    TlsConfig tls) {

  public static SecurityConfig plaintext() {
    return new SecurityConfig("PLAINTEXT", null, null, null, null, null);
  }

  public static SecurityConfig sasl(
      String protocol, String mechanism, String username, String passwordRef) {
    return new SecurityConfig(protocol, mechanism, username, null, passwordRef, null);
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
}
