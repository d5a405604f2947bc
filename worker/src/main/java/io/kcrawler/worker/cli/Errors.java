package io.kcrawler.worker.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Turns an exception into the one line a person reads: the innermost useful message. */
final class Errors {
  private Errors() {}

  static String oneLine(Throwable e) {
    Throwable cur = e;
    if (cur instanceof WorkflowFailedException w && w.getCause() != null) {
      cur = w.getCause();
    }
    if (cur instanceof ApplicationFailure af) {
      return af.getType() + ": " + af.getOriginalMessage();
    }
    if (cur instanceof TemporalFailure tf) {
      return tf.getOriginalMessage();
    }
    for (Throwable c = cur; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus().getCode() == Status.Code.UNAVAILABLE
            ? "cannot reach Temporal: " + s.getStatus().getDescription()
            : "Temporal answered "
                + s.getStatus().getCode()
                + ": "
                + s.getStatus().getDescription();
      }
    }
    String msg = cur.getMessage();
    return msg == null ? cur.getClass().getSimpleName() : msg.replace('\n', ' ');
  }
}
