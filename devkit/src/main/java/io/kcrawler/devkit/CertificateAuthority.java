package io.kcrawler.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A private CA made with the JDK's keytool, for tests and dev mode: it issues a server certificate
 * (with the subject alternative names a test needs) and client certificates for mutual TLS. Servers
 * that trust its {@link #certificatePem()} accept every client certificate it issued, and nothing
 * else.
 */
public final class CertificateAuthority {
  private static final String CA_ALIAS = "ca";

  private final Path dir;
  private final Path caStore;
  private final Path certificatePem;
  private final Path truststore;

  private CertificateAuthority(Path dir) {
    this.dir = dir;
    this.caStore = dir.resolve("ca.p12");
    this.certificatePem = dir.resolve("ca.pem");
    this.truststore = dir.resolve("ca-truststore.p12");
  }

  /** A new CA named {@code CN=<name>}, its files under {@code dir}. */
  public static CertificateAuthority create(Path dir, String name)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    CertificateAuthority ca = new CertificateAuthority(dir);
    keytool(
        "-genkeypair",
        "-alias",
        CA_ALIAS,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "3650",
        "-dname",
        "CN=" + name,
        "-ext",
        "bc:c",
        "-keystore",
        ca.caStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        TlsMaterial.STORE_PASSWORD,
        "-keypass",
        TlsMaterial.STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-keystore",
        ca.caStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        TlsMaterial.STORE_PASSWORD,
        "-file",
        ca.certificatePem.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        CA_ALIAS,
        "-file",
        ca.certificatePem.toString(),
        "-keystore",
        ca.truststore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        TlsMaterial.STORE_PASSWORD);
    return ca;
  }

  /** The CA certificate, PEM: what a client or server trusts. */
  public Path certificatePem() {
    return certificatePem;
  }

  /** A PKCS12 truststore (password {@link TlsMaterial#STORE_PASSWORD}) holding only this CA. */
  public Path truststore() {
    return truststore;
  }

  /**
   * A server certificate for {@code CN=<commonName>} with {@code subjectAltNames} in keytool's
   * syntax (e.g. {@code ip:127.0.0.1}): a client verifying host names accepts exactly those.
   */
  public TlsMaterial issueServer(String commonName, String subjectAltNames)
      throws IOException, InterruptedException {
    Path keystore = issue("server", commonName, subjectAltNames, TlsMaterial.STORE_PASSWORD);
    return new TlsMaterial(keystore, truststore, certificatePem);
  }

  /** A client certificate for {@code CN=<commonName>}, its keystore under {@code password}. */
  public TlsMaterial.ClientCertificate issueClient(String commonName, String password)
      throws IOException, InterruptedException, GeneralSecurityException {
    String alias = "client-" + commonName.replaceAll("[^A-Za-z0-9-]", "-");
    Path keystore = issue(alias, commonName, null, password);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password.toCharArray());
    }
    Key key = ks.getKey(alias, password.toCharArray());
    StringBuilder chain = new StringBuilder();
    for (Certificate c : ks.getCertificateChain(alias)) {
      chain.append(pem("CERTIFICATE", c.getEncoded()));
    }
    Path chainPem = dir.resolve(alias + ".pem");
    Path keyPem = dir.resolve(alias + "-key.pem");
    Files.writeString(chainPem, chain, StandardCharsets.US_ASCII);
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    return new TlsMaterial.ClientCertificate(commonName, chainPem, keyPem, keystore, password);
  }

  /** Signs a new key pair with the CA's key, then copies it alone into {@code <alias>.p12}. */
  private Path issue(String alias, String commonName, String subjectAltNames, String password)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-dname",
                "CN=" + commonName,
                "-signer",
                CA_ALIAS,
                "-signerkeypass",
                TlsMaterial.STORE_PASSWORD,
                "-keystore",
                caStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                TlsMaterial.STORE_PASSWORD,
                "-keypass",
                TlsMaterial.STORE_PASSWORD));
    if (subjectAltNames != null) {
      args.addAll(List.of("-ext", "SAN=" + subjectAltNames));
    }
    keytool(args.toArray(String[]::new));
    // The CA store holds the CA's own key: a server or client gets a store with its key alone.
    Path keystore = dir.resolve(alias + ".p12");
    keytool(
        "-importkeystore",
        "-noprompt",
        "-srckeystore",
        caStore.toString(),
        "-srcstoretype",
        "PKCS12",
        "-srcstorepass",
        TlsMaterial.STORE_PASSWORD,
        "-srcalias",
        alias,
        "-srckeypass",
        TlsMaterial.STORE_PASSWORD,
        "-destkeystore",
        keystore.toString(),
        "-deststoretype",
        "PKCS12",
        "-deststorepass",
        password,
        "-destkeypass",
        password);
    return keystore;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    TlsMaterial.run(command);
  }
}
