package io.kcrawler.activities.artifacts;

import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * s3proxy, a real S3-API server, in-process with an in-memory blob store: started on first use and
 * stopped when the test JVM exits. Tests isolate themselves by key prefix in its one bucket.
 */
final class S3ProxyFixture {
  static final String ACCESS_KEY = "kcrawler-test";
  static final String SECRET_KEY = "kcrawler-test-secret";
  static final String BUCKET = "artifacts";

  private static S3Proxy server;
  private static URI endpoint;

  private S3ProxyFixture() {}

  static synchronized URI endpoint() {
    if (server == null) {
      start();
    }
    return endpoint;
  }

  private static void start() {
    try {
      Properties props = new Properties();
      props.setProperty("jclouds.identity", ACCESS_KEY);
      props.setProperty("jclouds.credential", SECRET_KEY);
      BlobStore blobs = BlobStores.create("transient", props);
      blobs.createContainer(CreateBucketRequest.builder().bucket(BUCKET).build());
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(blobs)
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .endpoint(URI.create("http://127.0.0.1:0"))
              .build();
      proxy.start();
      while (!proxy.getState().equals("STARTED")) {
        Thread.sleep(10);
      }
      server = proxy;
      endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
      Runtime.getRuntime().addShutdownHook(new Thread(S3ProxyFixture::stop));
    } catch (Exception e) {
      throw new IllegalStateException("s3proxy did not start", e);
    }
  }

  private static void stop() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // The JVM is exiting.
    }
  }

  /** A store under a fresh random prefix. */
  static S3ArtifactStore freshStore() {
    return store("tests/" + UUID.randomUUID(), S3ArtifactStore.DEFAULT_PART_BYTES);
  }

  static S3ArtifactStore store(String prefix, int partBytes) {
    S3ArtifactStoreSettings settings =
        new S3ArtifactStoreSettings(Optional.of(endpoint()), BUCKET, prefix, true, null);
    return S3ArtifactStore.create(
        settings,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
        partBytes);
  }
}
