package io.kcrawler.activities.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Admin client per connection on this worker, created on demand and shared by every activity of
 * that crawl running at once (up to the worker's concurrency limit). The crawl's last step releases
 * it; a client left idle (its crawl died) is closed after {@link KafkaLimits#ADMIN_IDLE_TIMEOUT}.
 */
public final class AdminClientPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminClientPool.class);

  private final Map<String, Entry> clients = new ConcurrentHashMap<>();
  private final Function<Properties, Admin> factory;
  private final Duration idleTimeout;
  private final ScheduledExecutorService reaper;

  public AdminClientPool() {
    this(Admin::create, KafkaLimits.ADMIN_IDLE_TIMEOUT);
  }

  AdminClientPool(Function<Properties, Admin> factory, Duration idleTimeout) {
    this.factory = factory;
    this.idleTimeout = idleTimeout;
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "admin-client-reaper");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, idleTimeout.toSeconds() / 5);
    reaper.scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.SECONDS);
  }

  private static final class Entry {
    final String fingerprint;
    final Admin admin;
    int users;
    long lastUsedNanos = System.nanoTime();

    Entry(String fingerprint, Admin admin) {
      this.fingerprint = fingerprint;
      this.admin = admin;
    }
  }

  /** A lease on the connection's client; close it when the activity is done with it. */
  public final class Lease implements AutoCloseable {
    private final String connectionId;
    private final Entry entry;

    private Lease(String connectionId, Entry entry) {
      this.connectionId = connectionId;
      this.entry = entry;
    }

    public Admin admin() {
      return entry.admin;
    }

    @Override
    public void close() {
      synchronized (AdminClientPool.this) {
        entry.users--;
        entry.lastUsedNanos = System.nanoTime();
      }
    }

    /** Drops the client (e.g. its credentials were rejected) so the next lease makes a new one. */
    public void discard() {
      evict(connectionId, entry);
    }
  }

  /** Leases the shared client of {@code connectionId}, replacing it if its settings changed. */
  public synchronized Lease lease(String connectionId, Properties props) {
    String fingerprint = fingerprint(props);
    Entry entry = clients.get(connectionId);
    if (entry != null && !entry.fingerprint.equals(fingerprint)) {
      if (entry.users == 0) {
        closeQuietly(entry);
      }
      clients.remove(connectionId);
      entry = null;
    }
    if (entry == null) {
      entry = new Entry(fingerprint, create(props));
      clients.put(connectionId, entry);
      log.info("opened Admin client for connection {}", connectionId);
    }
    entry.users++;
    return new Lease(connectionId, entry);
  }

  /**
   * Building a client opens no connection: what fails here is the settings (key or trust material
   * that cannot be loaded, a value Kafka refuses), and every retry would fail the same way.
   */
  private Admin create(Properties props) {
    try {
      return factory.apply(props);
    } catch (KafkaException e) {
      StringBuilder why = new StringBuilder();
      for (Throwable c = e; c != null; c = c.getCause()) {
        // Kafka's own wrappers say only which object failed to build.
        if (c.getMessage() != null && !c.getMessage().startsWith("Failed to create new ")) {
          why.append(why.length() == 0 ? "" : ": ").append(c.getMessage());
        }
      }
      if (causedBy(e, javax.security.auth.login.LoginException.class)) {
        // OAUTHBEARER logs in while the client is built: the token endpoint's answer, not the
        // settings. Kafka gives up at once ("Unretryable") only when the endpoint refused us.
        if (e.toString().contains("UnretryableException")
            || why.toString().contains("Unretryable")) {
          throw new SaslAuthenticationException(
              "the OAuth token endpoint refused the login: " + why, e);
        }
        throw new IllegalStateException(
            "the OAuth token endpoint could not be reached for a token: " + why, e);
      }
      throw new IllegalArgumentException(
          "the Kafka client cannot be built from them ("
              + why
              + "); check security.tls (keystoreRef and keystorePasswordRef, clientCertificateRef"
              + " and clientKeyRef as unencrypted PKCS#8 PEM, truststoreRef) and clientProperties",
          e);
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** Closes the connection's client now (the crawl ended). */
  public synchronized void release(String connectionId) {
    Entry entry = clients.get(connectionId);
    if (entry != null && entry.users == 0) {
      clients.remove(connectionId);
      closeQuietly(entry);
      log.info("closed Admin client for connection {}", connectionId);
    }
  }

  /** Number of open clients (for tests and health). */
  public synchronized int openClients() {
    return clients.size();
  }

  private synchronized void evict(String connectionId, Entry entry) {
    if (clients.get(connectionId) == entry) {
      clients.remove(connectionId);
    }
    closeQuietly(entry);
  }

  private synchronized void closeIdle() {
    long now = System.nanoTime();
    clients
        .entrySet()
        .removeIf(
            e -> {
              Entry entry = e.getValue();
              boolean idle = entry.users == 0 && now - entry.lastUsedNanos > idleTimeout.toNanos();
              if (idle) {
                closeQuietly(entry);
                log.info("closed idle Admin client for connection {}", e.getKey());
              }
              return idle;
            });
  }

  private static void closeQuietly(Entry entry) {
    try {
      entry.admin.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("closing an Admin client failed: {}", e.toString());
    }
  }

  /** A digest of the settings, secrets included, so no secret is kept as a map key. */
  private static String fingerprint(Properties props) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(props)
          .forEach(
              (k, v) -> {
                digest.update(String.valueOf(k).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
              });
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    reaper.shutdownNow();
    clients.values().forEach(AdminClientPool::closeQuietly);
    clients.clear();
  }
}
