package io.kcrawler.activities.schemaregistry;

import io.kcrawler.activities.kafka.TopicFilter;
import io.kcrawler.model.CrawlRequest;
import io.kcrawler.model.SchemaRegistryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Maps a subject to the topics it describes, by the naming strategies the user chose (one for keys,
 * one for values, the same by default). An explicit topic→subjects map wins over any strategy.
 * Matching is exact: {@code orders-value} belongs to {@code orders} only, never to {@code
 * orders.retry} or {@code orders-dlt}. A subject whose topics were all left out by the
 * include/exclude filters is itself left out.
 */
public final class SubjectTopicMapper {
  public static final String KEY = "KEY";
  public static final String VALUE = "VALUE";

  /** Confluent's subject name strategies, by their class names' simple names. */
  public enum Strategy {
    TOPIC_NAME("TopicNameStrategy"),
    TOPIC_RECORD_NAME("TopicRecordNameStrategy"),
    RECORD_NAME("RecordNameStrategy");

    private final String configName;

    Strategy(String configName) {
      this.configName = configName;
    }

    public static Strategy of(String configName) {
      for (Strategy s : values()) {
        if (s.configName.equals(configName)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown subject name strategy " + configName);
    }
  }

  /**
   * Where a subject goes: its topics (empty when none of them exists), the role the name implies
   * (KEY, VALUE or null), and whether the topic filters left it out.
   */
  public record Mapping(List<String> topics, String role, boolean excluded) {
    static final Mapping EXCLUDED = new Mapping(List.of(), null, true);
  }

  private final Strategy keyStrategy;
  private final Strategy valueStrategy;
  private final Map<String, List<String>> explicitTopicsBySubject;
  private final Map<String, List<String>> recordTopics;
  private final Set<String> crawledTopics;
  private final Predicate<String> topicIncluded;

  public SubjectTopicMapper(
      SchemaRegistryConfig config, Set<String> crawledTopics, Predicate<String> topicIncluded) {
    this.keyStrategy = Strategy.of(config.keyStrategyOrDefault());
    this.valueStrategy = Strategy.of(config.valueStrategyOrDefault());
    this.crawledTopics = Set.copyOf(crawledTopics);
    this.topicIncluded = topicIncluded;
    this.recordTopics = config.recordTopics() == null ? Map.of() : config.recordTopics();
    Map<String, List<String>> inverted = new TreeMap<>();
    if (config.topicSubjects() != null) {
      config
          .topicSubjects()
          .forEach(
              (topic, subjects) -> {
                for (String subject : subjects) {
                  inverted.computeIfAbsent(subject, s -> new ArrayList<>()).add(topic);
                }
              });
    }
    this.explicitTopicsBySubject = inverted;
  }

  /**
   * The request's topic name rules, the ones every phase applies ({@link TopicFilter}): a subject
   * of an excluded topic is dropped.
   */
  public static Predicate<String> topicFilter(CrawlRequest request) {
    return new TopicFilter(request)::matchesName;
  }

  /**
   * Maps {@code subject}; {@code recordName} is the fully qualified record name parsed from its
   * latest schema, or null when it could not be parsed (or the schema is a primitive). Keys and
   * values may follow different strategies (keys by topic name, values by record name is common):
   * the most specific claim wins, a topic-name suffix first, then topic-and-record, then record.
   */
  public Mapping map(String subject, String recordName) {
    List<String> explicit = explicitTopicsBySubject.get(subject);
    if (explicit != null) {
      return toTopics(explicit, roleBySuffix(subject));
    }
    if (subject.endsWith("-key") && keyStrategy == Strategy.TOPIC_NAME) {
      return toTopics(List.of(subject.substring(0, subject.length() - 4)), KEY);
    }
    if (subject.endsWith("-value") && valueStrategy == Strategy.TOPIC_NAME) {
      return toTopics(List.of(subject.substring(0, subject.length() - 6)), VALUE);
    }
    if (uses(Strategy.TOPIC_RECORD_NAME)) {
      String topic = topicOfTopicRecordName(subject, recordName);
      if (topic != null) {
        return toTopics(List.of(topic), roleOf(Strategy.TOPIC_RECORD_NAME));
      }
    }
    if (uses(Strategy.RECORD_NAME)) {
      // The subject is the record name; the user's map says which topics carry it.
      List<String> topics = recordTopics.get(subject);
      if (topics != null) {
        return toTopics(topics, roleOf(Strategy.RECORD_NAME));
      }
    }
    // Nothing claims it; a "-key"/"-value" suffix still says what it holds (a primitive key
    // schema, "string", has no record name for the record strategies to go by).
    return new Mapping(List.of(), roleBySuffix(subject), false);
  }

  private boolean uses(Strategy s) {
    return keyStrategy == s || valueStrategy == s;
  }

  /** The role a strategy's subjects hold when only one of key and value uses it, else null. */
  private String roleOf(Strategy s) {
    if (keyStrategy == s && valueStrategy != s) {
      return KEY;
    }
    if (valueStrategy == s && keyStrategy != s) {
      return VALUE;
    }
    return null;
  }

  private static String topicOfTopicRecordName(String subject, String recordName) {
    if (recordName != null) {
      return subject.endsWith("-" + recordName)
          ? subject.substring(0, subject.length() - recordName.length() - 1)
          : null;
    }
    // Unparseable schema: Avro and Protobuf names cannot hold '-', so the record name starts
    // after the last one.
    int dash = subject.lastIndexOf('-');
    return dash > 0 ? subject.substring(0, dash) : null;
  }

  private Mapping toTopics(List<String> candidates, String role) {
    Set<String> kept = new TreeSet<>();
    boolean anyExcluded = false;
    for (String topic : candidates) {
      if (crawledTopics.contains(topic)) {
        kept.add(topic);
      } else if (!topicIncluded.test(topic)) {
        anyExcluded = true;
      }
    }
    if (kept.isEmpty() && anyExcluded) {
      return Mapping.EXCLUDED;
    }
    return new Mapping(List.copyOf(kept), role, false);
  }

  private static String roleBySuffix(String subject) {
    return subject.endsWith("-key") ? KEY : subject.endsWith("-value") ? VALUE : null;
  }
}
