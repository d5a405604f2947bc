package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TLS settings shared by the Kafka and Schema Registry clients. Certificates and keys are PEM
 * references ({@code file:/etc/ca.pem}, {@code vault:…}); a truststore may be given instead of a CA
 * certificate. A client certificate and key together turn on mutual TLS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsConfig(
    String caCertificateRef,
    String truststoreRef,
    String truststorePasswordRef,
    String clientCertificateRef,
    String clientKeyRef,
    Boolean verifyHostname) {

  public boolean hostnameVerification() {
    return verifyHostname == null || verifyHostname;
  }
}
