package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TLS settings shared by the Kafka and Schema Registry clients. The server is trusted through a CA
 * certificate (a PEM reference such as {@code file:/etc/ca.pem} or {@code vault:…}) or a PKCS12
 * truststore; without either, the JDK's default CAs. Mutual TLS takes a client certificate and key
 * as PEM references, or a PKCS12 keystore holding both, never the two at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsConfig(
    String caCertificateRef,
    String truststoreRef,
    String truststorePasswordRef,
    String clientCertificateRef,
    String clientKeyRef,
    String keystoreRef,
    String keystorePasswordRef,
    String keyPasswordRef,
    Boolean verifyHostname) {

  /** Trusts the CA certificate (PEM) behind {@code caCertificateRef}; no client certificate. */
  public static TlsConfig caCertificate(String caCertificateRef) {
    return new TlsConfig(caCertificateRef, null, null, null, null, null, null, null, null);
  }

  /** Trusts the PKCS12 truststore behind {@code truststoreRef}; no client certificate. */
  public static TlsConfig truststore(String truststoreRef, String truststorePasswordRef) {
    return new TlsConfig(
        null, truststoreRef, truststorePasswordRef, null, null, null, null, null, null);
  }

  /** The same trust, presenting the client certificate and key behind the PEM references. */
  public TlsConfig withClientCertificate(String certificateRef, String keyRef) {
    return new TlsConfig(
        caCertificateRef,
        truststoreRef,
        truststorePasswordRef,
        certificateRef,
        keyRef,
        null,
        null,
        null,
        verifyHostname);
  }

  /**
   * The same trust, presenting the key in the PKCS12 keystore behind {@code keystoreRef}; {@code
   * keyPasswordRef} only when the key's password differs from the store's.
   */
  public TlsConfig withKeystore(String keystoreRef, String passwordRef, String keyPasswordRef) {
    return new TlsConfig(
        caCertificateRef,
        truststoreRef,
        truststorePasswordRef,
        null,
        null,
        keystoreRef,
        passwordRef,
        keyPasswordRef,
        verifyHostname);
  }

  public TlsConfig withVerifyHostname(boolean verify) {
    return new TlsConfig(
        caCertificateRef,
        truststoreRef,
        truststorePasswordRef,
        clientCertificateRef,
        clientKeyRef,
        keystoreRef,
        keystorePasswordRef,
        keyPasswordRef,
        verify);
  }

  public boolean hostnameVerification() {
    return verifyHostname == null || verifyHostname;
  }

  /** True when a client certificate is presented (mutual TLS), as PEM or from a keystore. */
  public boolean presentsClientCertificate() {
    return clientCertificateRef != null || keystoreRef != null;
  }
}
