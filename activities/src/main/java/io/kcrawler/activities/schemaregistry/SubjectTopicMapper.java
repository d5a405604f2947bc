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
 * Maps a subject to the topics it describes, by the naming strategy the user chose. An explicit
 * topic→subjects map wins over any strategy. Matching is exact: {@code orders-value} belongs to
 * {@code orders} only, never to {@code orders.retry} or {@code orders-dlt}. A subject whose topics
 * were all left out by the include/exclude filters is itself left out.
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

  private final Strategy strategy;
  private final Map<String, List<String>> explicitTopicsBySubject;
  private final Map<String, List<String>> recordTopics;
  private final Set<String> crawledTopics;
  private final Predicate<String> topicIncluded;

  public SubjectTopicMapper(
      SchemaRegistryConfig config, Set<String> crawledTopics, Predicate<String> topicIncluded) {
    this.strategy = Strategy.of(config.strategyOrDefault());
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
   * latest schema, or null when it could not be parsed.
   */
  public Mapping map(String subject, String recordName) {
    List<String> explicit = explicitTopicsBySubject.get(subject);
    if (explicit != null) {
      return toTopics(explicit, roleBySuffix(subject));
    }
    switch (strategy) {
      case TOPIC_NAME:
        if (subject.endsWith("-key")) {
          return toTopics(List.of(subject.substring(0, subject.length() - 4)), KEY);
        }
        if (subject.endsWith("-value")) {
          return toTopics(List.of(subject.substring(0, subject.length() - 6)), VALUE);
        }
        return new Mapping(List.of(), null, false);
      case TOPIC_RECORD_NAME:
        String topic = null;
        if (recordName != null) {
          if (subject.endsWith("-" + recordName)) {
            topic = subject.substring(0, subject.length() - recordName.length() - 1);
          }
        } else if (subject.lastIndexOf('-') > 0) {
          // Unparseable schema: Avro and Protobuf names cannot hold '-', so the record name
          // starts after the last one.
          topic = subject.substring(0, subject.lastIndexOf('-'));
        }
        return topic == null ? new Mapping(List.of(), null, false) : toTopics(List.of(topic), null);
      case RECORD_NAME:
        // The subject is the record name; the user's map says which topics carry it.
        List<String> topics = recordTopics.get(subject);
        return topics == null ? new Mapping(List.of(), null, false) : toTopics(topics, null);
      default:
        throw new IllegalStateException(strategy.name());
    }
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
