package io.kcrawler.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server's TLS material made with the JDK's keytool: a PKCS12 keystore for the server, a
 * truststore and the CA certificate as PEM for clients. {@link #selfSigned} makes a self-signed
 * certificate for localhost/127.0.0.1; {@link CertificateAuthority} issues server and client
 * certificates from one private CA.
 */
public record TlsMaterial(Path keystore, Path truststore, Path caPem) {

  /**
   * A client certificate for mutual TLS, as PEM (the certificate chain, and the unencrypted PKCS#8
   * key) and as a PKCS12 keystore holding both under {@code keystorePassword}.
   */
  public record ClientCertificate(
      String commonName,
      Path certificateChainPem,
      Path privateKeyPem,
      Path keystore,
      String keystorePassword) {}

  /** Test-only store password; the stores hold a throwaway self-signed key. */
  public static final String STORE_PASSWORD = "devkit-store-pw";

  public static TlsMaterial selfSigned(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path keystore = dir.resolve("server.p12");
    Path truststore = dir.resolve("truststore.p12");
    Path pem = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "server",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "3650",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-keystore",
            keystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
            "-keypass",
            STORE_PASSWORD));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "server",
            "-keystore",
            keystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
            "-file",
            pem.toString()));
    run(
        List.of(
            keytool,
            "-importcert",
            "-noprompt",
            "-alias",
            "ca",
            "-file",
            pem.toString(),
            "-keystore",
            truststore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD));
    return new TlsMaterial(keystore, truststore, pem);
  }

  /**
   * An SSL context for a server with this material's key; when {@code trustedClients} is not null
   * it trusts client certificates from that material's CA (for mutual TLS).
   */
  public SSLContext serverContext(TlsMaterial trustedClients) throws IOException {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(keystore), STORE_PASSWORD.toCharArray());
      TrustManagerFactory tmf = null;
      if (trustedClients != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustedClients.truststore()));
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a server TLS context from " + keystore, e);
    }
  }

  /** A PKCS12 store of this class, opened with {@link #STORE_PASSWORD}. */
  public static KeyStore load(Path p12) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, STORE_PASSWORD.toCharArray());
    }
    return ks;
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
