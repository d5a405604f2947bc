package io.kcrawler.activities.artifacts;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An artifact store in an S3-compatible object store (AWS S3, MinIO, Ceph, …), shared by every
 * worker. A write goes to a local temp file and is uploaded when its stream closes, so the object
 * appears whole or not at all, as with {@link LocalArtifactStore}.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3ArtifactStore.class);

  /**
   * Part size for uploads too large for one PUT: S3 needs at least 5 MiB per part but the last, and
   * one part is held in memory while it uploads.
   */
  static final int DEFAULT_PART_BYTES = 16 * 1024 * 1024;

  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int partBytes;

  S3ArtifactStore(S3Client s3, String bucket, String prefix, int partBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.partBytes = partBytes;
  }

  /**
   * Opens a store; {@code credentials} {@code null} means the AWS default provider chain
   * (environment, profile, container or instance role).
   */
  public static S3ArtifactStore create(
      S3ArtifactStoreSettings settings, AwsCredentialsProvider credentials) {
    return create(settings, credentials, DEFAULT_PART_BYTES);
  }

  static S3ArtifactStore create(
      S3ArtifactStoreSettings settings, AwsCredentialsProvider credentials, int partBytes) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            .credentialsProvider(
                credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
            // SDK 2.30+ adds CRC checksums to every request by default; several S3-compatible
            // stores reject or mis-handle them, so only send them where the API demands one.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings.endpoint().ifPresent(builder::endpointOverride);
    log.info(
        "S3 artifact store: bucket={} prefix='{}' endpoint={} pathStyle={} region={}",
        settings.bucket(),
        settings.prefix(),
        settings.endpoint().map(Object::toString).orElse("AWS"),
        settings.pathStyle(),
        settings.region());
    return new S3ArtifactStore(builder.build(), settings.bucket(), settings.prefix(), partBytes);
  }

  String objectKey(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/")) {
      throw new IllegalArgumentException("artifact key must be a relative path: " + key);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException("artifact key escapes the store: " + key);
      }
    }
    return prefix + key;
  }

  @Override
  public Draft openDraft(String key) throws IOException {
    objectKey(key);
    Path tmp = Files.createTempFile("kcrawler-artifact-", ".part");
    OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), WRITE_BUFFER_BYTES);
    return new Draft() {
      private boolean done;

      @Override
      public OutputStream out() {
        return file;
      }

      @Override
      public void publish(String target) throws IOException {
        if (done) {
          throw new IllegalStateException("draft already published or discarded");
        }
        String objectKey = objectKey(target);
        done = true;
        try {
          file.close();
          upload(objectKey, tmp);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }

      @Override
      public void close() throws IOException {
        if (!done) {
          done = true;
          try {
            file.close();
          } finally {
            Files.deleteIfExists(tmp);
          }
        }
      }
    };
  }

  private void upload(String objectKey, Path file) throws IOException {
    long size = Files.size(file);
    if (size <= partBytes) {
      call(
          "upload " + objectKey,
          () -> s3.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromFile(file)));
    } else {
      uploadInParts(objectKey, file);
    }
  }

  /** Multipart upload: the object still appears only when the upload completes. */
  private void uploadInParts(String objectKey, Path file) throws IOException {
    String uploadId =
        call(
            "start upload of " + objectKey,
            () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(objectKey)).uploadId());
    try (InputStream in = Files.newInputStream(file)) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] chunk;
      while ((chunk = in.readNBytes(partBytes)).length > 0) {
        int partNumber = parts.size() + 1;
        byte[] body = chunk;
        String etag =
            call(
                "upload part " + partNumber + " of " + objectKey,
                () ->
                    s3.uploadPart(
                            b ->
                                b.bucket(bucket)
                                    .key(objectKey)
                                    .uploadId(uploadId)
                                    .partNumber(partNumber),
                            RequestBody.fromBytes(body))
                        .eTag());
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      call(
          "complete upload of " + objectKey,
          () ->
              s3.completeMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(objectKey)
                          .uploadId(uploadId)
                          .multipartUpload(
                              CompletedMultipartUpload.builder().parts(parts).build())));
    } catch (IOException | RuntimeException e) {
      // An unfinished upload is invisible but billed until aborted.
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
      } catch (SdkException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  @Override
  public InputStream openRead(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      return call("read " + objectKey, () -> s3.getObject(b -> b.bucket(bucket).key(objectKey)));
    } catch (NotFound e) {
      throw new FileNotFoundException("no artifact " + key + " in " + describe(key));
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      head(key);
      return true;
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  @Override
  public long size(String key) throws IOException {
    return head(key);
  }

  private long head(String key) throws IOException {
    String objectKey = objectKey(key);
    try {
      return call(
          "stat " + objectKey,
          () -> s3.headObject(b -> b.bucket(bucket).key(objectKey)).contentLength());
    } catch (NotFound e) {
      throw new FileNotFoundException("no artifact " + key + " in " + describe(key));
    }
  }

  @Override
  public List<String> list(String keyPrefix) throws IOException {
    // Prefixes are directories, as in LocalArtifactStore: "runs/1" must not match "runs/10/…".
    String dir = keyPrefix == null ? "" : keyPrefix.replaceAll("/+$", "");
    String objectPrefix = dir.isEmpty() ? prefix : objectKey(dir) + "/";
    return call(
        "list " + objectPrefix,
        () ->
            s3
                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(objectPrefix))
                .contents()
                .stream()
                .map(S3Object::key)
                .map(k -> k.substring(prefix.length()))
                .sorted()
                .toList());
  }

  @Override
  public void delete(String key) throws IOException {
    String objectKey = objectKey(key);
    call("delete " + objectKey, () -> s3.deleteObject(b -> b.bucket(bucket).key(objectKey)));
  }

  // Server-side copy: the bytes stay in the bucket (CopyObject takes objects up to 5 GB; a
  // manifest of a 10k-topic crawl is a few MB).
  @Override
  public void copy(String from, String to) throws IOException {
    String source = objectKey(from);
    String target = objectKey(to);
    call(
        "copy " + source + " to " + target,
        () ->
            s3.copyObject(
                b ->
                    b.sourceBucket(bucket)
                        .sourceKey(source)
                        .destinationBucket(bucket)
                        .destinationKey(target)));
  }

  @Override
  public String describe(String key) {
    return "s3://" + bucket + "/" + objectKey(key);
  }

  @Override
  public void close() {
    s3.close();
  }

  /** The one place SDK exceptions become the {@link IOException}s the interface promises. */
  private static <T> T call(String what, Supplier<T> request) throws IOException {
    try {
      return request.get();
    } catch (NoSuchKeyException e) {
      throw new NotFound(what);
    } catch (NoSuchBucketException e) {
      // A missing bucket is a configuration error, not a missing artifact.
      throw new IOException("S3 " + what + " failed: " + e.getMessage(), e);
    } catch (S3Exception e) {
      // HEAD responses have no body, so a missing key arrives as a bare 404.
      if (e.statusCode() == 404) {
        throw new NotFound(what);
      }
      throw new IOException("S3 " + what + " failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SdkException e) {
      throw new IOException("S3 " + what + " failed: " + e.getMessage(), e);
    }
  }

  /** A missing key, told apart from other failures so callers can map it. */
  private static final class NotFound extends FileNotFoundException {
    NotFound(String what) {
      super("not found: " + what);
    }
  }
}
