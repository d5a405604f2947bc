package io.kcrawler.activities.schemaregistry;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.model.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the SSL context of a registry connection from PEM references: a custom CA (or a PKCS12
 * truststore) and an optional client certificate and key (or a PKCS12 keystore) for mutual TLS.
 */
final class RegistryTls {
  private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

  private RegistryTls() {}

  static SSLContext sslContext(TlsConfig tls, SecretResolver secrets) {
    try {
      TrustManager[] trust = trustManagers(tls, secrets);
      KeyManager[] keys = keyManagers(tls, secrets);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      // The message of a parse error never contains key material, only what failed to load.
      throw new IllegalArgumentException(
          "schemaRegistry.tls: cannot build the TLS context (" + e.getClass().getSimpleName() + ")",
          null);
    }
  }

  private static TrustManager[] trustManagers(TlsConfig tls, SecretResolver secrets)
      throws GeneralSecurityException, IOException {
    KeyStore trustStore = null;
    if (tls.caCertificateRef() != null) {
      trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      int i = 0;
      for (Certificate cert :
          certificates(
              secrets.resolveField(
                  "schemaRegistry.tls.caCertificateRef", tls.caCertificateRef()))) {
        trustStore.setCertificateEntry("ca-" + i++, cert);
      }
    } else if (tls.truststoreRef() != null) {
      char[] password =
          tls.truststorePasswordRef() == null
              ? null
              : secrets
                  .resolveField(
                      "schemaRegistry.tls.truststorePasswordRef", tls.truststorePasswordRef())
                  .toCharArray();
      trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(new ByteArrayInputStream(binary(tls.truststoreRef(), secrets)), password);
      if (trustStore.size() == 0) {
        // Without its password a PKCS12 file shows no (encrypted) certificate: trust nothing.
        throw new KeyStoreException("no certificate readable in the truststore");
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore); // null → the JDK's default CAs
    TrustManager[] managers = tmf.getTrustManagers();
    if (!tls.hostnameVerification()) {
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509TrustManager x) {
          managers[i] = new NoHostnameTrustManager(x);
        }
      }
    }
    return managers;
  }

  private static KeyManager[] keyManagers(TlsConfig tls, SecretResolver secrets)
      throws GeneralSecurityException, IOException {
    if (tls.keystoreRef() != null) {
      char[] storePassword =
          secrets
              .resolveField("schemaRegistry.tls.keystorePasswordRef", tls.keystorePasswordRef())
              .toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(binary(tls.keystoreRef(), secrets)), storePassword);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(
          ks,
          tls.keyPasswordRef() == null
              ? storePassword
              : secrets
                  .resolveField("schemaRegistry.tls.keyPasswordRef", tls.keyPasswordRef())
                  .toCharArray());
      return kmf.getKeyManagers();
    }
    if (tls.clientCertificateRef() == null || tls.clientKeyRef() == null) {
      return null;
    }
    List<Certificate> chain =
        certificates(
            secrets.resolveField(
                "schemaRegistry.tls.clientCertificateRef", tls.clientCertificateRef()));
    PrivateKey key =
        privateKey(secrets.resolveField("schemaRegistry.tls.clientKeyRef", tls.clientKeyRef()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, IN_MEMORY_PASSWORD);
    return kmf.getKeyManagers();
  }

  static List<Certificate> certificates(String pem) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> certs =
        new ArrayList<>(
            cf.generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    if (certs.isEmpty()) {
      throw new CertificateException("no certificate in PEM");
    }
    return certs;
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      // PKCS#1 ("BEGIN RSA PRIVATE KEY") and encrypted keys need conversion: openssl pkcs8 -topk8.
      throw new GeneralSecurityException("client key must be an unencrypted PKCS#8 PEM");
    }
    String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A binary reference: a file is read as bytes, any other store holds base64. */
  private static byte[] binary(String ref, SecretResolver secrets) throws IOException {
    if (ref.startsWith("file:")) {
      return Files.readAllBytes(Path.of(ref.substring(5)));
    }
    return Base64.getMimeDecoder().decode(secrets.resolve(ref));
  }

  /**
   * Trusts what the delegate trusts but skips the hostname check: JSSE checks the hostname in the
   * engine/socket variants, and the JDK HttpClient cannot turn it off per client.
   */
  private static final class NoHostnameTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager delegate;

    NoHostnameTrustManager(X509TrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
