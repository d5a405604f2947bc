package io.kcrawler.activities.kafka;

import io.kcrawler.model.CrawlRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which topics a crawl covers: all, or those matching an include regex; minus any matching an
 * exclude regex (exclude wins); minus internal topics unless asked for. Regexes match the whole
 * name, as Kafka's own tools do.
 */
public final class TopicFilter {
  private final List<Pattern> includes;
  private final List<Pattern> excludes;
  private final boolean skipInternal;

  public TopicFilter(CrawlRequest request) {
    this.includes = request.includes().stream().map(Pattern::compile).toList();
    this.excludes = request.excludes().stream().map(Pattern::compile).toList();
    this.skipInternal = request.skipInternal();
  }

  public boolean accepts(String topic, boolean internal) {
    if (internal && skipInternal) {
      return false;
    }
    return matchesName(topic);
  }

  /** Name rules only: also applied to topics named by subjects or committed offsets. */
  public boolean matchesName(String topic) {
    if (excludes.stream().anyMatch(p -> p.matcher(topic).matches())) {
      return false;
    }
    return includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(topic).matches());
  }
}
