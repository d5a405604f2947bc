package io.kcrawler.activities.secrets;

import io.kcrawler.devkit.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The devkit's self-signed {@code localhost} certificate as a server {@link SSLContext}, for
 * contract servers whose clients insist on TLS.
 */
record TestTls(SSLContext serverContext, X509Certificate certificate, Path pem) {

  static TestTls selfSigned(Path dir)
      throws IOException, InterruptedException, GeneralSecurityException {
    TlsMaterial material = TlsMaterial.selfSigned(dir);
    char[] password = TlsMaterial.STORE_PASSWORD.toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(material.keystore())) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    return new TestTls(tls, (X509Certificate) ks.getCertificate("server"), material.caPem());
  }
}
