package io.kcrawler.bench;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a crawl's time goes before publish, read from its workflow history: the wall time from the
 * client's start call until the publish activity is scheduled (the crawl without publish), split
 * into what was happening at each instant. The test server runs without time skipping, so event
 * times are wall-clock times of this JVM, comparable with the client's clock.
 *
 * <p>Each instant counts once, for the first of: a Kafka or registry activity running (by phase:
 * preflight, topics, the parallel phases), a workflow task running on the worker, a workflow or
 * activity task waiting to be picked up (dispatch), else other (the start call before the workflow
 * exists, and gaps between events).
 */
record CrawlTimeline(long untilPublishMillis, Map<String, Long> parts, int workflowTasks) {
  static final String START = "start call";
  static final String DISPATCH = "dispatch (schedule-to-start)";
  static final String WORKFLOW_TASKS = "workflow tasks";
  static final String PREFLIGHT = "preflight activity";
  static final String TOPICS = "topics activity";
  static final String PARALLEL = "parallel phases (configs, brokers, groups, schemas)";
  static final String OTHER = "other";

  /** Parts in report order. */
  static final List<String> PARTS =
      List.of(START, DISPATCH, WORKFLOW_TASKS, PREFLIGHT, TOPICS, PARALLEL, OTHER);

  /** Activity type names (the SDK's: the method name, first letter upper case). */
  private static final String PUBLISH = "Publish";

  private static final Map<String, String> PHASE_OF =
      Map.of(
          "Preflight", PREFLIGHT,
          "CrawlTopics", TOPICS,
          "CrawlTopicConfigs", PARALLEL,
          "CrawlBrokers", PARALLEL,
          "CrawlConsumerGroups", PARALLEL,
          "CrawlSchemas", PARALLEL);

  /** One interval of one kind of work. */
  private record Span(String part, long from, long to) {}

  /** null when the history has no publish (a crawl that failed before it). */
  static CrawlTimeline of(List<HistoryEvent> events, long clientStartMillis) {
    Map<Long, HistoryEvent> byId = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    List<Span> spans = new ArrayList<>();
    long workflowStarted = -1;
    long publishScheduled = -1;
    int workflowTasks = 0;
    for (HistoryEvent e : events) {
      byId.put(e.getEventId(), e);
      long t = millis(e.getEventTime());
      EventType type = e.getEventType();
      switch (type) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> workflowStarted = t;
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          long scheduled = e.getWorkflowTaskStartedEventAttributes().getScheduledEventId();
          spans.add(new Span(DISPATCH, millis(byId.get(scheduled).getEventTime()), t));
          startedAt.put(scheduled, t);
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          long scheduled = e.getWorkflowTaskCompletedEventAttributes().getScheduledEventId();
          spans.add(new Span(WORKFLOW_TASKS, startedAt.get(scheduled), t));
          if (publishScheduled < 0) {
            workflowTasks++;
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          String name = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
          if (name.equals(PUBLISH) && publishScheduled < 0) {
            publishScheduled = t;
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          long scheduled = e.getActivityTaskStartedEventAttributes().getScheduledEventId();
          spans.add(new Span(DISPATCH, millis(byId.get(scheduled).getEventTime()), t));
          startedAt.put(scheduled, t);
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long scheduled = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          String name =
              byId.get(scheduled)
                  .getActivityTaskScheduledEventAttributes()
                  .getActivityType()
                  .getName();
          String part = PHASE_OF.get(name);
          if (part != null) {
            spans.add(new Span(part, startedAt.get(scheduled), t));
          }
        }
        default -> {
          // Markers, side effects, signals: no time of their own.
        }
      }
    }
    if (publishScheduled < 0 || workflowStarted < 0) {
      return null;
    }
    spans.add(new Span(START, clientStartMillis, workflowStarted));
    Map<String, Long> parts = new LinkedHashMap<>();
    PARTS.forEach(p -> parts.put(p, 0L));
    TreeSet<Long> cuts = new TreeSet<>();
    cuts.add(clientStartMillis);
    cuts.add(publishScheduled);
    for (Span s : spans) {
      cuts.add(clamp(s.from(), clientStartMillis, publishScheduled));
      cuts.add(clamp(s.to(), clientStartMillis, publishScheduled));
    }
    Long prev = null;
    for (long cut : cuts) {
      if (prev != null && cut > prev) {
        long mid = prev;
        String part = OTHER;
        int rank = rank(OTHER);
        for (Span s : spans) {
          int r = rank(s.part());
          if (s.from() <= mid && mid < s.to() && r < rank) {
            part = s.part();
            rank = r;
          }
        }
        parts.merge(part, cut - prev, Long::sum);
      }
      prev = cut;
    }
    return new CrawlTimeline(publishScheduled - clientStartMillis, parts, workflowTasks);
  }

  /** Activities first, then workflow tasks, dispatch, the start call, other. */
  private static int rank(String part) {
    return switch (part) {
      case PREFLIGHT, TOPICS, PARALLEL -> 0;
      case WORKFLOW_TASKS -> 1;
      case DISPATCH -> 2;
      case START -> 3;
      default -> 4;
    };
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }
}
