package io.kcrawler.activities.schemaregistry;

import io.kcrawler.activities.artifacts.JsonLines;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes subjects in order, each with its compatibility level when those are asked for. Per-subject
 * compatibility has no bulk endpoint: the calls run on a few threads while the following subjects
 * are parsed, and at most {@link #COMPATIBILITY_WINDOW} subjects wait for theirs, so the phase
 * still streams.
 */
final class CompatibilityLevels implements AutoCloseable {
  /**
   * Per-subject compatibility has no bulk endpoint; a few calls at a time, under the rate limit.
   */
  static final int COMPATIBILITY_CONCURRENCY = 4;

  /**
   * Parsed subjects that may wait for their compatibility level before being written: enough to
   * keep {@link #COMPATIBILITY_CONCURRENCY} calls busy while parsing goes on, few enough to hold.
   */
  static final int COMPATIBILITY_WINDOW = 64;

  private record Pending(SchemaSubjectMetadata subject, Future<Optional<String>> level) {}

  private final JsonLines.Writer<SchemaSubjectMetadata> writer;
  private final SchemaRegistryClient client;
  private final Consumer<String> warn;
  private final ExecutorService pool;
  private final Deque<Pending> pending = new ArrayDeque<>();

  /**
   * How the registry answers for a subject without a level of its own: empty for Confluent's 40408
   * (an answer is then always the subject's own), or the level it fills in (NONE on some compatible
   * registries, which still enforce the global level): an answer equal to it cannot be told from
   * inheritance and is taken as inherited.
   */
  private final Optional<String> unsetAnswer;

  private final String global;

  /**
   * @param global the registry's global level (what a subject without its own inherits)
   * @param unsetAnswer what the registry answered for a subject that has no level (see the field)
   */
  CompatibilityLevels(
      JsonLines.Writer<SchemaSubjectMetadata> writer,
      SchemaRegistryClient client,
      boolean enabled,
      String global,
      Optional<String> unsetAnswer,
      Consumer<String> warn) {
    this.writer = writer;
    this.client = client;
    this.global = global;
    this.unsetAnswer = unsetAnswer;
    this.warn = warn;
    this.pool = enabled ? Executors.newFixedThreadPool(COMPATIBILITY_CONCURRENCY) : null;
  }

  void add(SchemaSubjectMetadata subject) throws IOException {
    if (pool == null) {
      writer.write(subject);
      return;
    }
    pending.addLast(
        new Pending(subject, pool.submit(() -> client.subjectCompatibility(subject.subject()))));
    while (pending.size() > COMPATIBILITY_WINDOW) {
      writeOldest();
    }
  }

  void drain() throws IOException {
    while (!pending.isEmpty()) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    Pending p = pending.removeFirst();
    SchemaSubjectMetadata s = p.subject();
    String level = null;
    try {
      level = p.level().get().orElse(null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SchemaRegistryException sre
          && sre.kind() == SchemaRegistryException.Kind.AUTH) {
        throw sre;
      }
      warn.accept("compatibility of " + s.subject() + " not read: " + e.getCause().getMessage());
      writer.write(s); // neither its own level nor the effective one is known
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.UNAVAILABLE, 0, 0, "interrupted", e);
    }
    if (level != null && unsetAnswer.isPresent() && level.equals(unsetAnswer.get())) {
      level = null;
    }
    writer.write(
        new SchemaSubjectMetadata(
            s.subject(),
            s.topics(),
            s.role(),
            s.recordName(),
            level,
            s.deleted(),
            s.versions(),
            level != null ? level : global));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
