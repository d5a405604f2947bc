package io.kcrawler.worker.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM broker's own request log and authorizer log, captured: what a principal sent (by API
 * name) and which operations the authorizer decided for it. The read-only proofs read these, so the
 * ground truth is the broker's record, not the crawler's account of itself.
 */
public final class BrokerLogs implements AutoCloseable {
  /**
   * Every API a crawl may send: list and describe only, plus connection set-up. Anything else in a
   * principal's request log is a write, a consume or a group join.
   */
  public static final Set<String> READ_ONLY_APIS =
      Set.of(
          "API_VERSIONS",
          "SASL_HANDSHAKE",
          "SASL_AUTHENTICATE",
          "METADATA",
          "DESCRIBE_CLUSTER",
          "DESCRIBE_TOPIC_PARTITIONS",
          "DESCRIBE_CONFIGS",
          "LIST_GROUPS",
          "FIND_COORDINATOR",
          "DESCRIBE_GROUPS",
          "CONSUMER_GROUP_DESCRIBE",
          "OFFSET_FETCH",
          "LIST_OFFSETS",
          "DESCRIBE_LOG_DIRS",
          "DESCRIBE_ACLS",
          "DESCRIBE_CLIENT_QUOTAS");

  /** The operations a read-only crawl may be authorized for. */
  public static final Set<String> READ_ONLY_OPERATIONS = Set.of("DESCRIBE", "DESCRIBE_CONFIGS");

  /** Kafka's request logger logs every request at DEBUG; its authorizer logger every decision. */
  private static final String[] LOGGERS = {"kafka.request.logger", "kafka.authorizer.logger"};

  private static final Pattern API = Pattern.compile("\"requestApiKeyName\":\"(\\w+)\"");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private BrokerLogs() {}

  /** Starts capturing both loggers (they stop going to the console). */
  public static BrokerLogs capture() {
    BrokerLogs logs = new BrokerLogs();
    logs.appender.start();
    for (String name : LOGGERS) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      logger.setLevel(Level.DEBUG);
      logger.setAdditive(false);
      logger.addAppender(logs.appender);
    }
    return logs;
  }

  /** Forgets what was captured so far. */
  public void clear() {
    synchronized (appender) {
      appender.list.clear();
    }
  }

  /** Every captured message. */
  public List<String> messages() {
    // Broker threads may still be logging (request logs follow the responses): copy under the
    // appender's own lock.
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The API names of every request {@code principal} (e.g. {@code User:crawler}) sent. */
  public Set<String> apisSentBy(String principal) {
    Set<String> apis = new TreeSet<>();
    for (String m : messages()) {
      if (m.contains("\"principal\":\"" + principal + "\"")) {
        Matcher api = API.matcher(m);
        if (api.find()) {
          apis.add(api.group(1));
        }
      }
    }
    return apis;
  }

  /** The request-log lines of {@code api} requests {@code principal} sent. */
  public List<String> requestsBy(String principal, String api) {
    return messages().stream()
        .filter(m -> m.contains("\"principal\":\"" + principal + "\""))
        .filter(m -> m.contains("\"requestApiKeyName\":\"" + api + "\""))
        .toList();
  }

  /** Every operation the authorizer decided for {@code principal}, allowed or denied. */
  public Set<String> operationsDecidedFor(String principal) {
    Pattern op =
        Pattern.compile("Principal = " + Pattern.quote(principal) + " is \\w+ operation = (\\w+)");
    Set<String> operations = new TreeSet<>();
    for (String m : messages()) {
      Matcher matcher = op.matcher(m);
      if (matcher.find()) {
        operations.add(matcher.group(1));
      }
    }
    return operations;
  }

  /** "OPERATION on RESOURCE_TYPE" for every operation the authorizer denied {@code principal}. */
  public Set<String> deniedOperations(String principal) {
    Pattern denied =
        Pattern.compile(
            "Principal = "
                + Pattern.quote(principal)
                + " is Denied operation = (\\w+) from host = \\S+ on resource = (\\w+):");
    Set<String> out = new TreeSet<>();
    for (String m : messages()) {
      Matcher matcher = denied.matcher(m);
      if (matcher.find()) {
        out.add(
            matcher.group(1).toUpperCase(Locale.ROOT)
                + " on "
                + matcher.group(2).toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (String name : LOGGERS) {
      ((Logger) LoggerFactory.getLogger(name)).detachAppender(appender);
    }
  }
}
